/**
 * Vite build: two pages (the article and the embed page) plus one extra
 * entry, `assets/widgets.js`, that any HTML page can load to use the widgets
 * as custom elements (`<script type="module" src=".../assets/widgets.js">`).
 *
 * `base: './'` keeps every URL relative, so the site works from any folder and
 * lazy chunks resolve against the script that loads them (needed when
 * widgets.js is loaded from another page). No COOP/COEP headers: threaded
 * wasm fails when the page is cross-origin isolated (DESIGN.md, traps).
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { articlePlugin } from './src/markdown/vite-plugin';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Stable name of the custom-element script (documented in the embed code). */
export const WIDGETS_SCRIPT = 'assets/widgets.js';

export default defineConfig({
  base: './',
  // Markdown -> HTML (src/markdown): fills index.html's <!--ARTICLE…--> placeholders.
  plugins: [articlePlugin()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        index: `${root}index.html`,
        embed: `${root}embed.html`,
        widgets: `${root}src/embed-script.ts`,
      },
      output: {
        entryFileNames: (chunk: { name: string }) =>
          chunk.name === 'widgets' ? WIDGETS_SCRIPT : 'assets/[name]-[hash].js',
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
