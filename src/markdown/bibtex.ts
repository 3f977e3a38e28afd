/**
 * A small BibTeX reader: `@type{key, field = {value} | "value" | 123 | macro # ...}`
 * entries (any entry type; unknown fields kept), `@string` macros, month
 * abbreviations; `@comment` / `@preamble` and text between entries ignored.
 * Values are turned into plain Unicode text (braces dropped, common LaTeX
 * accents and dashes converted). Problems are positioned errors in the .bib file.
 */
import type { SourceFile } from './source';

export interface BibEntry {
  /** Lower-case entry type: article, inproceedings, misc, ... */
  type: string;
  key: string;
  /** Lower-case field name -> plain text value. */
  fields: Readonly<Record<string, string>>;
  /** Raw author field split into names (braces kept for grouping). */
  authors: readonly PersonName[];
  /** 0-based offset of the `@`. */
  offset: number;
}

export interface PersonName {
  /** Given names, e.g. "Jaehoon" or "Samuel S." (empty for organisations). */
  first: string;
  /** Family name including particles, e.g. "van der Waals". */
  last: string;
  /** "Jr." and the like. */
  suffix: string;
  /** `others` in BibTeX: print "et al.". */
  others?: boolean;
}

const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/** Parse a whole .bib file; errors are recorded on `file` and parsing goes on. */
export function parseBibtex(file: SourceFile): Map<string, BibEntry> {
  const text = file.text;
  const entries = new Map<string, BibEntry>();
  const macros = new Map<string, string>(Object.entries(MONTHS));
  let i = 0;
  const skipSpace = (): void => { while (i < text.length && /\s/.test(text[i])) i++; };
  const ident = (): string => {
    const m = /^[^\s"#%'(),={}]+/.exec(text.slice(i, i + 200));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };

  /** Read a `{...}` or `"..."` group starting at `i`; returns raw inner text. */
  const group = (): string | null => {
    const open = text[i];
    const start = i;
    let depth = 0;
    let resume = text.length;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') { j++; continue; }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth < 0) { file.errorAt(j, 'unbalanced "}" in BibTeX value'); return null; }
        if (depth === 0 && open === '{') { i = j + 1; return text.slice(start + 1, j); }
      } else if (c === '"' && open === '"' && depth === 0 && j > start) { i = j + 1; return text.slice(start + 1, j); }
      else if (c === '@' && depth <= 1 && /^\n\s*$/.test(text.slice(text.lastIndexOf('\n', j - 1), j)) && j > start) {
        resume = j; // an entry starting at the beginning of a line: this value was never closed
        break;
      }
    }
    file.errorAt(start, `unclosed ${open === '{' ? '"{"' : 'quote'} in BibTeX value`);
    i = resume;
    return null;
  };

  /** field value: pieces joined with `#`. */
  const value = (): string | null => {
    let out = '';
    for (;;) {
      skipSpace();
      const c = text[i];
      if (c === '{' || c === '"') {
        const g = group();
        if (g === null) return null;
        out += g;
      } else {
        const at = i;
        const word = ident();
        if (!word) { file.errorAt(at, 'expected a value: {text}, "text", a number or a @string name'); return null; }
        if (/^\d+$/.test(word)) out += word;
        else {
          const m = macros.get(word.toLowerCase());
          if (m === undefined) { file.errorAt(at, `unknown @string macro "${word}"`); return null; }
          out += m;
        }
      }
      skipSpace();
      if (text[i] !== '#') return out;
      i++;
    }
  };

  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const type = ident().toLowerCase();
    skipSpace();
    const open = text[i];
    if (!type || (open !== '{' && open !== '(')) { file.errorAt(at, 'expected "@type{key, ...}"'); continue; }
    const close = open === '{' ? '}' : ')';
    if (type === 'comment' || type === 'preamble') { group(); continue; }
    i++;
    skipSpace();
    if (type === 'string') {
      const nameAt = i;
      const name = ident();
      skipSpace();
      if (!name || text[i] !== '=') { file.errorAt(nameAt, 'expected "@string{name = value}"'); continue; }
      i++;
      const v = value();
      if (v !== null) macros.set(name.toLowerCase(), v);
      skipSpace();
      if (text[i] === close) i++;
      continue;
    }
    const keyAt = i;
    const key = ident();
    skipSpace();
    if (!key || (text[i] !== ',' && text[i] !== close)) { file.errorAt(keyAt, `expected a citation key after "@${type}{"`); continue; }
    if (entries.has(key)) file.errorAt(keyAt, `duplicate BibTeX key "${key}"`);
    const fields: Record<string, string> = {};
    let ok = true;
    while (ok) {
      skipSpace();
      if (text[i] === ',') { i++; skipSpace(); }
      if (text[i] === close) { i++; break; }
      if (i >= text.length) { file.errorAt(at, `entry "${key}" is not closed with "${close}"`); ok = false; break; }
      const nameAt = i;
      const name = ident().toLowerCase();
      skipSpace();
      if (!name || text[i] !== '=') {
        file.errorAt(nameAt, `expected "field = value" in entry "${key}"`);
        ok = false;
        break;
      }
      i++;
      const v = value();
      if (v === null) { ok = false; break; }
      fields[name] = v;
      skipSpace();
      if (text[i] !== ',' && text[i] !== close) {
        file.errorAt(i, `expected "," or "${close}" after field "${name}" in entry "${key}"`);
        ok = false;
      }
    }
    if (!ok) {
      // Resynchronise at the next line that starts an entry.
      const next = text.slice(i).search(/(^|\n)\s*@/);
      i = next < 0 ? text.length : i + next;
    }
    const plain: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) plain[k] = latexToText(v);
    entries.set(key, { type, key, fields: plain, authors: splitNames(fields.author ?? fields.editor ?? ''), offset: at });
  }
  return entries;
}

const ACCENTS: Record<string, Record<string, string>> = {
  '"': { a: 'ä', e: 'ë', i: 'ï', o: 'ö', u: 'ü', y: 'ÿ', A: 'Ä', E: 'Ë', I: 'Ï', O: 'Ö', U: 'Ü' },
  "'": { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', y: 'ý', c: 'ć', n: 'ń', s: 'ś', z: 'ź', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú', S: 'Ś', Z: 'Ź' },
  '`': { a: 'à', e: 'è', i: 'ì', o: 'ò', u: 'ù', A: 'À', E: 'È' },
  '^': { a: 'â', e: 'ê', i: 'î', o: 'ô', u: 'û', A: 'Â', E: 'Ê', O: 'Ô' },
  '~': { a: 'ã', n: 'ñ', o: 'õ', N: 'Ñ' },
  c: { c: 'ç', s: 'ş', C: 'Ç', S: 'Ş' },
  v: { c: 'č', s: 'š', z: 'ž', r: 'ř', e: 'ě', n: 'ň', C: 'Č', S: 'Š', Z: 'Ž', R: 'Ř' },
  u: { a: 'ă', g: 'ğ', A: 'Ă' },
  H: { o: 'ő', u: 'ű', O: 'Ő', U: 'Ű' },
  '=': { a: 'ā', e: 'ē', i: 'ī', o: 'ō', u: 'ū' },
};
const SYMBOLS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', l: 'ł', L: 'Ł', i: 'ı', '&': '&', '%': '%',
  _: '_', $: '$', '#': '#', '{': '{', '}': '}',
};

/** LaTeX-flavoured BibTeX text -> plain Unicode text. */
export function latexToText(raw: string): string {
  let s = raw;
  // \"{o}, {\"o}, \"o  ->  ö   (also with \i for dotless i)
  s = s.replace(/\{?\\([`'^"~=]|[cvuH](?=[\s{]))\s*\{?\\?([A-Za-z])\}?\}?/g, (m, acc: string, ch: string) => ACCENTS[acc]?.[ch] ?? m);
  s = s.replace(/\\(ss|aa|AA|ae|AE|oe|o|O|l|L|i)(?![A-Za-z])\s?/g, (_, name: string) => SYMBOLS[name]);
  s = s.replace(/\\([&%_$#{}])/g, (_, c: string) => SYMBOLS[c]);
  s = s.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/~/g, '\u00a0');
  s = s.replace(/\\(emph|textit|textbf|textsc|mathrm|text)\s*/g, '');
  s = s.replace(/[{}]/g, '');
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** Split at top-level " and " (outside braces). */
function splitTopLevel(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}') depth--;
    else if (depth === 0) {
      sep.lastIndex = j;
      const m = sep.exec(s);
      if (m && m.index === j) { out.push(s.slice(last, j)); last = j + m[0].length; j = last - 1; }
    }
  }
  out.push(s.slice(last));
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

/** BibTeX author list -> names ("Last, First", "First von Last", "{Org}" and `others`). */
export function splitNames(field: string): PersonName[] {
  return splitTopLevel(field.replace(/\s+/g, ' '), /\s+and\s+/y).map((raw) => {
    if (raw === 'others') return { first: '', last: '', suffix: '', others: true };
    const parts = splitTopLevel(raw, /,/y).map(latexToText);
    if (parts.length >= 3) return { last: parts[0], suffix: parts[1], first: parts[2] };
    if (parts.length === 2) return { last: parts[0], first: parts[1], suffix: '' };
    if (/^\{.*\}$/.test(raw)) return { first: '', last: latexToText(raw), suffix: '' };
    const words = splitTopLevel(raw, / /y);
    if (words.length === 1) return { first: '', last: latexToText(words[0]), suffix: '' };
    // "First von Last": the family name starts at the first lower-case word (not the first word).
    let k = words.findIndex((w, idx) => idx > 0 && idx < words.length - 1 && /^[a-z]/.test(w));
    if (k < 0) k = words.length - 1;
    return { first: latexToText(words.slice(0, k).join(' ')), last: latexToText(words.slice(k).join(' ')), suffix: '' };
  });
}

/** "Samuel S." -> "S. S.", "Jean-Pierre" -> "J.-P." */
export function initials(first: string): string {
  return first.split(/\s+/).filter(Boolean).map((w) =>
    w.split('-').map((p) => (p.endsWith('.') && p.length <= 3 ? p : `${[...p][0] ?? ''}.`)).join('-')).join(' ');
}

/** "J. Lee" (initials first); organisations unchanged. */
export function formatName(p: PersonName): string {
  if (p.others) return 'et al.';
  const given = initials(p.first);
  return [given, p.last].filter(Boolean).join(' ') + (p.suffix ? `, ${p.suffix}` : '');
}

/**
 * "J. Lee, Y. Bahri, R. Novak" -- every name with `max` = Infinity, else the
 * first `max` names followed by "et al." when the list is longer.
 */
export function formatAuthors(names: readonly PersonName[], max = Infinity): string {
  const real = names.filter((n) => !n.others);
  const more = names.some((n) => n.others) || real.length > max;
  const shown = real.slice(0, Math.min(max, real.length)).map(formatName);
  if (more) return `${shown.join(', ')}, et al.`;
  return shown.join(', ');
}

/** Venue of an entry: journal, booktitle, an arXiv eprint, or what a misc entry says. */
export function venueOf(e: BibEntry): string {
  const f = e.fields;
  if (f.journal) return f.journal;
  if (f.booktitle) return f.booktitle;
  if (f.eprint) return `arXiv:${f.eprint}`;
  return f.howpublished ?? f.publisher ?? f.school ?? f.institution ?? f.organization ?? '';
}

/** Link target: url, else DOI, else the arXiv abstract page. */
export function urlOf(e: BibEntry): string | undefined {
  const f = e.fields;
  if (f.url) return f.url;
  if (f.doi) return `https://doi.org/${f.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//, '')}`;
  if (f.eprint && (!f.archiveprefix || /arxiv/i.test(f.archiveprefix))) return `https://arxiv.org/abs/${f.eprint}`;
  return undefined;
}

const withPeriod = (s: string): string => (/[.?!]$/.test(s) ? s : `${s}.`);

/** Parts of a reference, "Authors. Title. Venue, year." */
export function referenceParts(e: BibEntry, maxAuthors = Infinity): { authors: string; title: string; venue: string } {
  const authors = e.authors.length ? withPeriod(formatAuthors(e.authors, maxAuthors)) : '';
  const title = e.fields.title ? withPeriod(e.fields.title) : '';
  const venueYear = [venueOf(e), e.fields.year].filter(Boolean).join(', ');
  return { authors, title, venue: venueYear ? withPeriod(venueYear) : '' };
}

/** One-line plain-text reference (used in hover cards). */
export function formatReference(e: BibEntry, maxAuthors = Infinity): string {
  const p = referenceParts(e, maxAuthors);
  return [p.authors, p.title, p.venue].filter(Boolean).join(' ');
}
