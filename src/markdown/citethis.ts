/**
 * Parts built from the front matter: the title header and byline, the
 * `<head>` metadata, and the "cite this article" block with its BibTeX.
 */
import type { Element } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Author, FrontMatter } from './frontmatter';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-12-04" -> "December 4, 2026" (no time zone involved). */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}` : iso;
}

/** `<header class="article-header">` (title, subtitle) followed by the byline. */
export function headerElements(fm: FrontMatter): Element[] {
  const header = h('header', { className: ['article-header'] }, [
    h('h1', { className: ['article-title'] }, fm.title),
    ...(fm.subtitle ? [h('p', { className: ['article-subtitle'] }, fm.subtitle)] : []),
  ]);
  const author = (a: Author): Element => h('li', { className: ['byline-author'] }, [
    a.url ? h('a', { href: a.url }, a.name) : h('span', { className: ['byline-name'] }, a.name),
    ...(a.affiliation ? [' ', h('span', { className: ['byline-affiliation'] }, a.affiliation)] : []),
  ]);
  const byline = h('div', { className: ['byline'] }, [
    h('div', { className: ['byline-authors'] }, [
      h('p', { className: ['byline-label'] }, fm.authors.length === 1 ? 'Author' : 'Authors'),
      h('ul', fm.authors.map(author)),
    ]),
    ...(fm.date ? [h('div', { className: ['byline-published'] }, [
      h('p', { className: ['byline-label'] }, 'Published'),
      h('time', { dateTime: fm.date }, longDate(fm.date)),
    ])] : []),
  ]);
  return [header, byline];
}

/** Meta tags for `<!--ARTICLE-HEAD-->` (description, Open Graph, Google Scholar). */
export function headHtml(fm: FrontMatter): string {
  const meta = (attr: 'name' | 'property', key: string, content: string): Element =>
    h('meta', { [attr]: key, content });
  const tags: Element[] = [];
  if (fm.description) tags.push(meta('name', 'description', fm.description));
  tags.push(meta('property', 'og:title', fm.title));
  if (fm.description) tags.push(meta('property', 'og:description', fm.description));
  tags.push(meta('name', 'citation_title', fm.title));
  for (const a of fm.authors) tags.push(meta('name', 'citation_author', a.name));
  if (fm.date) tags.push(meta('name', 'citation_publication_date', fm.date.replace(/-/g, '/')));
  return tags.map((t) => toHtml(t)).join('\n');
}

/** "Lee, Jaehoon" (BibTeX wants family name first; single names kept). */
function bibName(name: string, group = false): string {
  const clean = bibValue(name.trim());
  if (group) return `{${clean}}`;
  const parts = clean.split(/\s+/);
  if (parts.length < 2) return `{${clean}}`;
  const last = parts.pop() as string;
  return `${last}, ${parts.join(' ')}`;
}

/** Escape BibTeX specials in a braced value. */
const bibValue = (s: string): string => s.replace(/([&%$#_])/g, '\\$1').replace(/[{}]/g, '');

/** The BibTeX record of the article itself. */
export function articleBibtex(fm: FrontMatter): string {
  const fields: [string, string][] = [
    ['author', fm.authors.map((a) => bibName(a.name, a.group)).join(' and ')],
    ['title', fm.title],
    ...(fm.subtitle ? [['note', fm.subtitle] as [string, string]] : []),
    ...(fm.date ? [['year', fm.date.slice(0, 4)] as [string, string], ['month', String(Number(fm.date.slice(5, 7)))] as [string, string]] : []),
    ...(fm.url ? [['url', fm.url] as [string, string]] : []),
  ];
  const body = fields.filter(([, v]) => v !== '')
    // Names are escaped one by one in bibName (their braces are meaningful); other values here.
    .map(([k, v]) => `  ${k} = {${k === 'url' || k === 'author' ? v : bibValue(v)}}`).join(',\n');
  return `@misc{${fm.citationKey},\n${body}\n}`;
}

/** Plain citation line: "A. Author, B. Author. Title. 2026." */
export function citationLine(fm: FrontMatter): string {
  const names = fm.authors.map((a) => a.name).join(', ');
  const year = fm.date.slice(0, 4);
  return [names && `${names}.`, `"${fm.title}".`, year && `${year}.`, fm.url ?? ''].filter(Boolean).join(' ');
}

/** `<section class="cite-this" id="cite">` */
export function citeThisElement(fm: FrontMatter): Element {
  return h('section', { className: ['cite-this'], id: 'cite' }, [
    h('h2', 'Cite this article'),
    h('p', 'For attribution in academic contexts, please cite this work as'),
    h('pre', { className: ['citation-text'] }, citationLine(fm)),
    h('p', 'BibTeX citation'),
    h('pre', { className: ['bibtex'] }, h('code', articleBibtex(fm))),
  ]);
}
