/**
 * Figures and margin notes (SITE_CONTRACT.md):
 *   :::figure{#fig:recursion layout=page}
 *   ::kernel-recursion{depth=10}
 *   Caption ...
 *   :::
 * -> <figure id="fig:recursion" class="figure l-page"> widget(s) <figcaption>
 *    <span class="figure-number">Figure 1.</span> caption</figcaption></figure>
 * Figures are numbered in reading order across all files; `@fig:id` in the
 * text becomes <a class="figure-ref" href="#fig:id">Figure 1</a>.
 * `:::aside ... :::` -> <aside class="margin-note">.
 */
import type { ContainerDirective } from 'mdast-util-directive';
import type { BlockContent, DefinitionContent, Html, Link, Paragraph } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { closest } from '../ui/params';
import { scanAttributes } from './attributes';
import { htmlNode, plainText } from './mdast';
import type { SourceFile } from './source';

export const FIGURE_LAYOUTS = ['body', 'page', 'screen'] as const;
export const FIGURE_ID = /^fig:[A-Za-z0-9_-]+$/;
/** `@fig:id` in prose. Not after a word character or another `@`. */
export const FIGURE_REF = /(?<![\w@])@(fig:[A-Za-z0-9_-]+)/;

export interface FigureInfo {
  /** `fig:...`, or undefined for a figure nobody can reference. */
  id?: string;
  /** 1-based, in reading order over the whole article. */
  number: number;
  file: string;
  line: number;
  layout: (typeof FIGURE_LAYOUTS)[number];
  /** Widget names inside the figure. */
  widgets: string[];
  /** Caption as plain text (math as TeX). */
  caption: string;
}

/** A paragraph that only holds images (and whitespace) belongs to the figure body. */
const isImageParagraph = (n: BlockContent | DefinitionContent): boolean =>
  n.type === 'paragraph' && n.children.length > 0
  && n.children.every((c) => c.type === 'image' || (c.type === 'text' && c.value.trim() === ''));

/**
 * Validate a `:::figure` and set its HTML mapping. Widgets inside are handled
 * by the caller (they are leaf directives in `node.children`).
 */
export function figureDirective(node: ContainerDirective, file: SourceFile, number: number, widgets: string[]): FigureInfo {
  const start = file.startOf(node);
  const tokens = scanAttributes(file.restOfLine(start));
  const at = (key: string): number => start + (tokens.find((t) => t.key === key)?.offset ?? 0);
  const attrs = node.attributes ?? {};
  let id: string | undefined;
  let layout: FigureInfo['layout'] = 'body';
  const classes = ['figure'];
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key === 'id') {
      if (FIGURE_ID.test(value)) id = value;
      else file.errorAt(at('id'), `figure id "${value}" must look like "fig:name" (letters, digits, - and _)`);
    } else if (key === 'layout') {
      if ((FIGURE_LAYOUTS as readonly string[]).includes(value)) layout = value as FigureInfo['layout'];
      else {
        const best = closest(value, FIGURE_LAYOUTS);
        file.errorAt(at('layout'), `figure layout "${value}" is not one of ${FIGURE_LAYOUTS.join(', ')}${best ? ` (did you mean "${best}"?)` : ''}`);
      }
    } else if (key === 'class') {
      classes.push(...value.split(/\s+/).filter(Boolean));
    } else {
      const best = closest(key, ['id', 'layout', 'class']);
      file.errorAt(at(key), `unknown attribute "${key}" for figure${best ? ` (did you mean "${best}"?)` : ' (expected #fig:id, layout or .class)'}`);
    }
  }
  classes.splice(1, 0, `l-${layout}`);

  const body: (BlockContent | DefinitionContent)[] = [];
  const caption: Paragraph[] = [];
  for (const child of node.children) {
    if (child.type === 'paragraph' && !isImageParagraph(child)) caption.push(child);
    else body.push(child);
  }
  const numberHtml: Html = htmlNode(`${toHtml(h('span', { className: ['figure-number'] }, `Figure ${number}.`))} `);
  let figcaption: BlockContent;
  if (caption.length <= 1) {
    figcaption = { type: 'paragraph', children: [numberHtml, ...(caption[0]?.children ?? [])], data: { hName: 'figcaption' } };
  } else {
    caption[0].children.unshift(numberHtml);
    figcaption = { type: 'blockquote', children: caption, data: { hName: 'figcaption' } };
  }
  node.children = [...body, figcaption];
  node.data = { hName: 'figure', hProperties: { ...(id ? { id } : {}), className: classes } };
  const line = file.pointAt(start).line;
  return { id, number, file: file.path, line, layout, widgets, caption: caption.map(plainText).join(' ').replace(/\s*\[@[^\]]*\]/g, '').trim() };
}

/** `:::aside` -> `<aside class="margin-note">`; only an id is allowed. */
export function asideDirective(node: ContainerDirective, file: SourceFile): void {
  const start = file.startOf(node);
  const tokens = scanAttributes(file.restOfLine(start));
  const props: Record<string, string | string[]> = { className: ['margin-note'] };
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    if (value === null || value === undefined) continue;
    if (key === 'id') props.id = value;
    else file.errorAt(start + (tokens.find((t) => t.key === key)?.offset ?? 0), `unknown attribute "${key}" for aside (only #id is allowed)`);
  }
  node.data = { hName: 'aside', hProperties: props };
}

/** `<a class="figure-ref" href="#fig:id">Figure n</a>` */
export function figureRef(id: string, number: number): Link {
  return { type: 'link', url: `#${id}`, children: [{ type: 'text', value: `Figure ${number}` }], data: { hProperties: { className: ['figure-ref'] } } };
}
