/**
 * Entry of the article page. Fonts and KaTeX's stylesheet are imported so
 * Vite bundles them (woff2 included): no request leaves the site's origin.
 */
import '@fontsource/source-serif-4/400.css';
import '@fontsource/source-serif-4/400-italic.css';
import '@fontsource/source-serif-4/600.css';
import '@fontsource/source-serif-4/700.css';
import '@fontsource/source-sans-3/400.css';
import '@fontsource/source-sans-3/600.css';
import 'katex/dist/katex.min.css';
import './styles/main.css';
import { startArticle } from './article';

startArticle(document);
