/**
 * GFM footnotes `[^id]` / `[^id]: text`, numbered by first reference over the
 * whole article (identifiers are scoped to their file). Each reference is
 *   <span class="cite-wrap"><a class="footnote-ref" href="#fn-1" id="fnref-1" data-footnote="1" aria-describedby="fn-card-1"><sup>1</sup></a>
 *   <span class="cite-card footnote-card" role="tooltip" id="fn-card-1">text</span></span>
 * (the same hover-card mechanism as citations) and the notes are listed in
 * `<section class="footnotes" id="footnotes">`.
 */
import type { ElementContent, Element, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Emphasis, FootnoteDefinition, FootnoteReference, Nodes, Root, RootContent } from 'mdast';
import { h } from 'hastscript';
import type { SourceFile } from './source';

/** Markdown -> HTML tree, supplied by the pipeline. */
export type ToHast = (nodes: RootContent[]) => HastRoot;

/** `[^x]` left as text: GFM only parses a reference when the definition exists. */
export const UNDEFINED_FOOTNOTE = /\[\^[^\]\s]+\]/;

interface Note { number: number; def: FootnoteDefinition; refs: Emphasis[] }

export class Footnotes {
  private readonly defs = new Map<string, FootnoteDefinition>();
  private readonly notes = new Map<string, Note>();

  /** Take the definitions out of a file's tree (they are printed at the end). */
  collect(tree: Root, file: SourceFile): void {
    const walk = (parent: Nodes): void => {
      if (!('children' in parent)) return;
      parent.children = (parent.children as Nodes[]).filter((child) => {
        if (child.type !== 'footnoteDefinition') { walk(child); return true; }
        const key = `${file.path}#${child.identifier}`;
        if (this.defs.has(key)) file.errorAtNode(child, `footnote "[^${child.label ?? child.identifier}]" is defined twice`);
        else this.defs.set(key, child);
        return false;
      }) as typeof parent.children;
    };
    walk(tree);
  }

  /**
   * An empty slot for a reference (filled in by `finish`). `onFirst` receives
   * the definition the first time it is referenced, so citations inside it
   * are numbered where the reader meets the note.
   */
  reference(node: FootnoteReference, file: SourceFile, onFirst: (def: FootnoteDefinition) => void): Emphasis {
    const key = `${file.path}#${node.identifier}`;
    // Any phrasing node works as a carrier: its HTML comes from data.hName/hChildren.
    const slot: Emphasis = { type: 'emphasis', children: [], data: { hName: 'span', hProperties: { className: ['cite-wrap'] }, hChildren: [] } };
    let note = this.notes.get(key);
    if (!note) {
      const def = this.defs.get(key);
      if (!def) {
        file.errorAtNode(node, `footnote "[^${node.label ?? node.identifier}]" has no definition`);
        return slot;
      }
      note = { number: this.notes.size + 1, def, refs: [] };
      this.notes.set(key, note);
      onFirst(def);
    }
    note.refs.push(slot);
    return slot;
  }

  /** Fill every reference with its link and card; return the notes section (or null). */
  finish(toHast: ToHast): Element | null {
    if (this.notes.size === 0) return null;
    const items: Element[] = [];
    for (const note of this.notes.values()) {
      const n = note.number;
      const body = toHast(note.def.children).children;
      note.refs.forEach((ref, i) => {
        const suffix = i === 0 ? '' : `-${i + 1}`;
        const cardId = `fn-card-${n}${suffix}`;
        const link = h('a', {
          className: ['footnote-ref'], href: `#fn-${n}`, id: `fnref-${n}${suffix}`, dataFootnote: String(n), ariaDescribedBy: cardId,
        }, h('sup', String(n)));
        const card = h('span', { className: ['cite-card', 'footnote-card'], role: 'tooltip', id: cardId }, cardContent(body));
        ref.data = { ...ref.data, hChildren: [link, card] };
      });
      const back = h('a', { className: ['footnote-back'], href: `#fnref-${n}`, ariaLabel: `Back to reference ${n}` }, '\u21a9');
      const content = body.filter((c): c is ElementContent => c.type !== 'doctype');
      const last = content.filter((c) => c.type === 'element').pop();
      if (last && last.type === 'element' && last.tagName === 'p') last.children.push({ type: 'text', value: ' ' }, back);
      else content.push(back);
      items.push(h('li', { id: `fn-${n}` }, content));
    }
    return h('section', { className: ['footnotes'], id: 'footnotes' }, [h('h2', 'Notes'), h('ol', items)]);
  }
}

/**
 * Inline copy of a note for its hover card: paragraphs flattened into one
 * line; ids and nested hover cards dropped (no duplicate ids, no cards in cards).
 */
function cardContent(body: HastContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  const clean = (node: HastContent): ElementContent | null => {
    if (node.type === 'doctype') return null;
    if (node.type !== 'element') return { ...node } as ElementContent;
    const cls = node.properties.className;
    if (Array.isArray(cls) && cls.includes('cite-card')) return null;
    const { id: _id, ariaDescribedBy: _d, ...properties } = node.properties;
    void _id; void _d;
    return { ...node, properties, children: node.children.map(clean).filter((c): c is ElementContent => c !== null) };
  };
  for (const node of body) {
    const c = clean(node);
    if (!c || (c.type === 'text' && c.value.trim() === '')) continue;
    if (out.length) out.push({ type: 'text', value: ' ' });
    if (c.type === 'element' && c.tagName === 'p') out.push(...c.children);
    else out.push(c);
  }
  return out;
}
