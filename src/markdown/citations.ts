/**
 * Citations `[@key]` / `[@a; @b]` resolved against articles/references.bib:
 * numbered by first appearance, each key rendered as
 *   <span class="cite-wrap"><a class="citation" href="#ref-key" data-cite="key" aria-describedby="cite-card-7">[n]</a>
 *   <span class="cite-card" role="tooltip" id="cite-card-7">Authors. Title. Venue, year.</span></span>
 * and listed in a bibliography in the same order.
 */
import { h } from 'hastscript';
import type { Element } from 'hast';
import { closest } from '../ui/params';
import { referenceParts, urlOf, type BibEntry } from './bibtex';
import type { SourceFile } from './source';

/** `[@...]` (not a figure reference `[@fig:...]`). Items are checked one by one. */
export const CITATION = /\[@(?!fig:)[^[\]]*\]/;
/** A well-formed citation key. */
const KEY = /^@([\w][\w:.#$%&+?<>~/-]*)$/;

/** Authors shown in a hover card before "et al.". */
const CARD_AUTHORS = 3;

export class Citations {
  /** Keys in order of first citation. */
  readonly order: string[] = [];
  private cards = 0;

  constructor(private readonly bib: ReadonlyMap<string, BibEntry>) {}

  /** Number of `key`, assigning the next one on first use. */
  numberOf(key: string): number {
    let i = this.order.indexOf(key);
    if (i < 0) i = this.order.push(key) - 1;
    return i + 1;
  }

  /**
   * Elements for the citation text `match` (e.g. `[@a; @b]`) found at source
   * `offset`, or null after recording errors (unknown key, malformed item).
   */
  render(match: string, offset: number, file: SourceFile): Element[] | null {
    const inner = match.slice(1, -1);
    const items: { key: string; at: number }[] = [];
    let ok = true;
    let pos = 1;
    for (const part of inner.split(';')) {
      const lead = part.length - part.trimStart().length;
      const at = offset + pos + lead;
      pos += part.length + 1;
      const m = KEY.exec(part.trim());
      if (!m) {
        file.errorAt(at, `malformed citation "${match}": write [@key] or [@key1; @key2]`);
        ok = false;
        continue;
      }
      if (!this.bib.has(m[1])) {
        const best = closest(m[1], [...this.bib.keys()]);
        file.errorAt(at, `unknown citation key "${m[1]}"${best ? ` (did you mean "${best}"?)` : ' (not in the bibliography)'}`);
        ok = false;
        continue;
      }
      items.push({ key: m[1], at });
    }
    if (!ok) return null;
    return items.map(({ key }) => this.citation(key));
  }

  private citation(key: string): Element {
    const n = this.numberOf(key);
    const entry = this.bib.get(key) as BibEntry;
    const cardId = `cite-card-${++this.cards}`;
    const p = referenceParts(entry, CARD_AUTHORS);
    const card = h('span', { className: ['cite-card'], role: 'tooltip', id: cardId }, [
      h('span', { className: ['cite-card-authors'] }, p.authors),
      ' ',
      h('span', { className: ['cite-card-title'] }, p.title),
      ' ',
      h('span', { className: ['cite-card-venue'] }, p.venue),
    ]);
    const link = h('a', { className: ['citation'], href: `#ref-${key}`, dataCite: key, ariaDescribedBy: cardId }, `[${n}]`);
    return h('span', { className: ['cite-wrap'] }, [link, card]);
  }

  /** `<section class="references" id="references">` with the cited entries in order. */
  bibliography(): Element {
    const items = this.order.map((key) => {
      const entry = this.bib.get(key) as BibEntry;
      const p = referenceParts(entry);
      const url = urlOf(entry);
      return h('li', { id: `ref-${key}` }, [
        h('span', { className: ['ref-authors'] }, p.authors), ' ',
        h('span', { className: ['ref-title'] }, p.title), ' ',
        h('span', { className: ['ref-venue'] }, p.venue),
        ...(url ? [' ', h('a', { className: ['ref-link'], href: url }, url.replace(/^https?:\/\//, ''))] : []),
      ]);
    });
    return h('section', { className: ['references'], id: 'references' }, [h('h2', 'References'), h('ol', items)]);
  }
}
