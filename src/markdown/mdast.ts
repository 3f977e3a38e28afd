/**
 * Small helpers over the Markdown tree (mdast) shared by the transforms:
 * plain text of a node, walking parents, and replacing patterns inside text
 * nodes while knowing each match's exact source offset.
 */
import type { Element } from 'hast';
import type { Emphasis, Html, Nodes, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { SourceFile } from './source';

/** Plain text of a node (alt text and math source included). */
export function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Call `fn` for every parent node (pre-order), root included. */
export function eachParent(tree: Nodes, fn: (parent: Parent) => void): void {
  if (!('children' in tree)) return;
  fn(tree);
  for (const child of tree.children as Nodes[]) eachParent(child, fn);
}

/** Raw HTML node (used for pre-rendered math, citations, references). */
export function htmlNode(value: string): Html {
  return { type: 'html', value };
}

/**
 * A phrasing node that carries a ready-made HTML element (remark-rehype uses
 * `data.hName`, `hProperties` and `hChildren` instead of the node itself).
 */
export function hastCarrier(el: Element): Emphasis {
  return { type: 'emphasis', children: [], data: { hName: el.tagName, hProperties: el.properties, hChildren: el.children } };
}

/** Merge runs of adjacent text nodes (after directives were turned back into text). */
export function mergeTexts(tree: Root): void {
  eachParent(tree, (parent) => {
    const out: Nodes[] = [];
    for (const child of parent.children as Nodes[]) {
      const prev = out[out.length - 1];
      if (child.type === 'text' && prev?.type === 'text') {
        prev.value += child.value;
        if (prev.position && child.position) prev.position = { start: prev.position.start, end: child.position.end };
      } else out.push(child);
    }
    parent.children = out as Parent['children'];
  });
}

/** Nodes whose text must not be rewritten (link text, code). */
const OPAQUE = new Set(['link', 'linkReference', 'inlineCode', 'code', 'html', 'inlineMath', 'math', 'yaml']);

/**
 * A replacement for one regex match in a text node: phrasing nodes to put in
 * its place, or null to leave the match as it is.
 */
export type TextReplacer = (match: RegExpExecArray, sourceOffset: number) => PhrasingContent[] | null;

/**
 * Walk `node` in document order and replace matches of `pattern` (global) in
 * text nodes. `visit` (optional) is called for every other node, in the same
 * order, and may return a replacement node; so a caller can number things
 * (footnotes) in reading order.
 */
export function replaceInText(
  node: Nodes, file: SourceFile, pattern: RegExp, replace: TextReplacer, visit?: (n: Nodes) => Nodes | undefined,
): void {
  if (!('children' in node)) return;
  const out: Nodes[] = [];
  for (const child of node.children as Nodes[]) {
    if (child.type !== 'text') {
      const replaced = visit?.(child) ?? child;
      if (!OPAQUE.has(replaced.type)) replaceInText(replaced, file, pattern, replace, visit);
      out.push(replaced);
      continue;
    }
    out.push(...splitText(child, file, pattern, replace));
  }
  node.children = out as Parent['children'];
}

function splitText(text: Text, file: SourceFile, pattern: RegExp, replace: TextReplacer): Nodes[] {
  const value = text.value;
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const pieces: Nodes[] = [];
  const verbatim = file.sliceOf(text) === value;
  const start = file.startOf(text);
  /** A text piece, positioned when the source is verbatim (so later passes can point into it). */
  const piece = (from: number, to: number): Text => {
    const t: Text = { type: 'text', value: value.slice(from, to) };
    if (verbatim) t.position = { start: file.pointWithOffset(start + from), end: file.pointWithOffset(start + to) };
    return t;
  };
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m[0] === '') { re.lastIndex++; continue; }
    const nodes = replace(m, file.offsetInNode(text, value, m.index));
    if (!nodes) continue;
    if (m.index > last) pieces.push(piece(last, m.index));
    pieces.push(...nodes);
    last = m.index + m[0].length;
  }
  if (last === 0) return [text];
  if (last < value.length) pieces.push(piece(last, value.length));
  return pieces;
}
