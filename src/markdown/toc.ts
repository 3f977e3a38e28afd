/**
 * Heading ids (`## Title {#id}` or a slug of the title) and the table of
 * contents `<nav class="toc" aria-label="Contents">` listing `##` headings
 * with their `###` subsections nested.
 */
import type { Element, ElementContent, RootContent as HastContent } from 'hast';
import type { Heading, PhrasingContent, Root } from 'mdast';
import { h } from 'hastscript';
import type { ToHast } from './footnotes';
import { plainText } from './mdast';
import type { SourceFile } from './source';

export interface TocEntry {
  id: string;
  /** Plain text of the heading (math as TeX). */
  title: string;
  depth: 2 | 3;
  children: TocEntry[];
}

const EXPLICIT_ID = /\s*\{#([^}]*)\}\s*$/;
const VALID_ID = /^[A-Za-z][\w:.-]*$/;

/** "The NTK, step by step!" -> "the-ntk-step-by-step" */
export function slugify(text: string): string {
  const s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'section';
}

/** Ids used anywhere in the article (headings, figures, generated sections). */
export class IdRegistry {
  private readonly used = new Set(['contents', 'references', 'footnotes', 'cite']);

  has(id: string): boolean {
    return this.used.has(id);
  }

  /** Claim an explicit id; false when it is taken. */
  claim(id: string): boolean {
    if (this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }

  /** A free id from a base slug: base, base-2, base-3, ... */
  unique(base: string): string {
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}-${k}`;
    this.used.add(id);
    return id;
  }
}

interface HeadingRef { id: string; depth: 2 | 3; title: string; node: Heading }

export class Headings {
  private readonly list: HeadingRef[] = [];

  constructor(private readonly ids: IdRegistry) {}

  /** Give every heading of a file an id (explicit `{#id}` removed from the text). */
  process(tree: Root, file: SourceFile): void {
    const walk = (children: Root['children']): void => {
      for (const node of children) {
        if (node.type === 'heading') this.heading(node, file);
        else if ('children' in node && node.type !== 'footnoteDefinition') walk(node.children as Root['children']);
      }
    };
    walk(tree.children);
  }

  private heading(node: Heading, file: SourceFile): void {
    let id: string | undefined;
    const last = node.children[node.children.length - 1];
    if (last?.type === 'text') {
      const m = EXPLICIT_ID.exec(last.value);
      if (m) {
        const at = file.offsetInNode(last, last.value, m.index + m[0].indexOf('{'));
        last.value = last.value.slice(0, m.index);
        if (!VALID_ID.test(m[1])) file.errorAt(at, `heading id "${m[1]}" must start with a letter and use only letters, digits, _ : . -`);
        else if (!this.ids.claim(m[1])) file.errorAt(at, `duplicate id "${m[1]}"`);
        else id = m[1];
      }
    }
    // Plain text now, before math is rendered to HTML (math stays as TeX).
    const title = plainText(node).trim();
    id ??= this.ids.unique(slugify(title));
    node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id } };
    if (node.depth === 2 || node.depth === 3) this.list.push({ id, depth: node.depth, title, node });
  }

  /** `##` entries with their `###` children. */
  entries(): TocEntry[] {
    const top: TocEntry[] = [];
    for (const { id, depth, title } of this.list) {
      const entry: TocEntry = { id, title, depth, children: [] };
      const parent = top[top.length - 1];
      if (depth === 3 && parent) parent.children.push(entry);
      else top.push(entry);
    }
    return top;
  }

  /** The `<nav class="toc">` element; heading content (math included) is reused, minus links and cards. */
  nav(toHast: ToHast): Element {
    const byId = new Map(this.list.map((r) => [r.id, r.node]));
    const item = (e: TocEntry): Element => {
      const children = structuredClone(byId.get(e.id)?.children ?? []) as PhrasingContent[];
      const p = toHast([{ type: 'paragraph', children }]).children.find((c): c is Element => c.type === 'element');
      const label = (p?.children ?? []).flatMap(tocSafe);
      return h('li', [
        h('a', { href: `#${e.id}` }, label),
        ...(e.children.length ? [h('ol', e.children.map(item))] : []),
      ]);
    };
    return h('nav', { className: ['toc'], ariaLabel: 'Contents', id: 'contents' }, [
      h('h2', { className: ['toc-title'] }, 'Contents'),
      h('ol', this.entries().map(item)),
    ]);
  }
}

/** Heading content fit for a link: no nested links, hover cards or ids. */
function tocSafe(node: HastContent): ElementContent[] {
  if (node.type === 'doctype' || node.type === 'comment') return [];
  if (node.type !== 'element') return [node as ElementContent];
  const cls = node.properties.className;
  if (Array.isArray(cls) && cls.includes('cite-wrap')) return [];
  const children = node.children.flatMap(tocSafe);
  if (node.tagName === 'a') return children;
  const { id: _id, ...properties } = node.properties;
  void _id;
  return [{ ...node, properties, children }];
}
