/**
 * Page runtime of the article: hover cards for citations and footnotes,
 * the table of contents, and the widgets (custom elements, lazy). Everything
 * here enhances static HTML that already reads well without JavaScript.
 */
import { initHoverCards } from './hover-cards';
import { initToc } from './toc';
import { defineWidgets } from '../widgets/define';

export function startArticle(doc: Document = document): void {
  doc.documentElement.classList.add('js');
  defineWidgets();
  initHoverCards(doc);
  initToc(doc);
}
