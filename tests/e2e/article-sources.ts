/**
 * What the article sources promise, read straight from articles/*.md, so the
 * e2e tests check the built page against the prose (not a hand-kept list).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../articles/', import.meta.url));

export interface Heading { level: 2 | 3; text: string; id?: string; file: string }
export interface ArticleFacts {
  headings: Heading[];
  /** Figure ids from `:::figure{#fig:...}`. */
  figures: string[];
  /** Widget names from leaf directives `::name{...}`. */
  widgets: string[];
  /** Number of `:::aside` blocks. */
  asides: number;
  /** Citation keys used. */
  citations: string[];
}

export function readArticle(): ArticleFacts {
  const files = readdirSync(dir).filter((f) => /^\d\d.*\.md$/.test(f)).sort();
  const facts: ArticleFacts = { headings: [], figures: [], widgets: [], asides: 0, citations: [] };
  for (const file of files) {
    let inFence = false;
    for (const line of readFileSync(dir + file, 'utf8').split('\n')) {
      if (/^(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence) continue;
      const h = /^(#{2,3})\s+(.*?)\s*(?:\{#([^}\s]+)\})?\s*$/.exec(line);
      if (h) facts.headings.push({ level: h[1].length as 2 | 3, text: h[2], id: h[3], file });
      const fig = /^:::figure\{[^}]*#([^\s}]+)/.exec(line);
      if (fig) facts.figures.push(fig[1]);
      const w = /^::([a-z][a-z0-9-]*)\{/.exec(line);
      if (w) facts.widgets.push(w[1]);
      if (/^:::aside\b/.test(line)) facts.asides += 1;
      for (const m of line.matchAll(/@([A-Za-z][\w:-]*\d{4}[\w-]*)/g)) if (!facts.citations.includes(m[1])) facts.citations.push(m[1]);
    }
  }
  return facts;
}

/** Heading text as it reads on the page: markdown emphasis and code marks removed (math left out). */
export function plainHeading(text: string): string {
  return text.replace(/[*_`]/g, '').trim();
}
