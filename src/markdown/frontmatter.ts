/**
 * YAML front matter of the article (SITE_CONTRACT.md): title, subtitle,
 * description, authors, date, citationKey, url. Only the first file may carry
 * it; errors point into the YAML block.
 */
import { parseDocument } from 'yaml';
import type { Yaml } from 'mdast';
import type { SourceFile } from './source';

export interface Author {
  name: string;
  affiliation?: string;
  url?: string;
  /** A group or organization: its name is one unit in BibTeX ({The X authors}), not "Last, First". */
  group?: boolean;
}

export interface FrontMatter {
  title: string;
  subtitle?: string;
  /** For `<meta name="description">`; falls back to the subtitle. */
  description: string;
  authors: Author[];
  /** ISO date `YYYY-MM-DD` (empty when not given). */
  date: string;
  /** BibTeX key of the cite-this block. */
  citationKey: string;
  /** Canonical address, printed in the cite-this block when given. */
  url?: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

function isoDate(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  const s = str(v);
  if (s === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : undefined;
}

/**
 * Read the front matter node of the first article file. `node` may be
 * undefined (no front matter), then the title is reported missing.
 */
export function readFrontMatter(file: SourceFile, node: Yaml | undefined): FrontMatter {
  const fallback: FrontMatter = { title: '', description: '', authors: [], date: '', citationKey: 'article' };
  if (!node) {
    file.errorAt(0, 'missing front matter: the first article file must start with "---", title, authors, date, "---"');
    return fallback;
  }
  const blockStart = file.startOf(node);
  // The YAML text starts on the line after the opening "---".
  const yamlStart = file.text.indexOf('\n', blockStart) + 1;
  const doc = parseDocument(node.value, { prettyErrors: false });
  const at = (yamlOffset: number): number => yamlStart + yamlOffset;
  if (doc.errors.length) {
    for (const e of doc.errors) file.errorAt(at(e.pos[0]), `front matter: ${e.message.split('\n')[0]}`);
    return fallback;
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    file.errorAt(blockStart, 'front matter must be a YAML mapping (key: value lines)');
    return fallback;
  }
  const rec = data as Record<string, unknown>;
  /** Offset of a top-level key in the YAML, for errors about its value. */
  const keyOffset = (key: string): number => {
    const m = new RegExp(`^${key}\\s*:`, 'm').exec(node.value);
    return m ? at(m.index) : blockStart;
  };

  const title = str(rec.title);
  if (!title) file.errorAt(rec.title === undefined ? blockStart : keyOffset('title'), 'front matter: "title" is missing or not text');
  const subtitle = str(rec.subtitle);
  const description = str(rec.description) ?? subtitle ?? '';

  const authors: Author[] = [];
  const rawAuthors = rec.authors ?? rec.author;
  const list = Array.isArray(rawAuthors) ? rawAuthors : rawAuthors === undefined ? [] : [rawAuthors];
  for (const a of list) {
    if (typeof a === 'string') { authors.push({ name: a.trim() }); continue; }
    const o = a !== null && typeof a === 'object' ? (a as Record<string, unknown>) : {};
    const name = str(o.name);
    if (!name) { file.errorAt(keyOffset(rec.authors !== undefined ? 'authors' : 'author'), 'front matter: every author needs a "name"'); continue; }
    authors.push({ name, affiliation: str(o.affiliation), url: str(o.url), ...(o.group === true ? { group: true } : {}) });
  }

  let date = '';
  if (rec.date !== undefined) {
    const d = isoDate(rec.date);
    if (d === undefined) file.errorAt(keyOffset('date'), 'front matter: "date" must be YYYY-MM-DD');
    else date = d;
  }

  const citationKey = str(rec.citationKey) ?? defaultKey(authors, date, title ?? '');
  if (!/^[\w:.-]+$/.test(citationKey)) file.errorAt(keyOffset('citationKey'), `front matter: citationKey "${citationKey}" may only contain letters, digits, _ : . -`);

  return { title: title ?? '', subtitle, description, authors, date, citationKey, url: str(rec.url) };
}

/** lastname + year + first title word, e.g. "lee2026infinitely". */
function defaultKey(authors: Author[], date: string, title: string): string {
  const last = (authors[0]?.name.split(/\s+/).pop() ?? 'article').toLowerCase().replace(/[^a-z0-9]/g, '');
  const word = (title.toLowerCase().match(/[a-z0-9]+/g) ?? []).find((w) => w.length > 3) ?? '';
  return `${last}${date.slice(0, 4)}${word}` || 'article';
}
