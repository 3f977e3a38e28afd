/** The small BibTeX reader: syntax variants, LaTeX to text, names, errors with positions. */
import { describe, expect, it } from 'vitest';
import { formatAuthors, formatReference, initials, latexToText, parseBibtex, splitNames, urlOf, type BibEntry } from '../../src/markdown/bibtex';
import { ArticleError, Diagnostics } from '../../src/markdown/errors';
import { SourceFile } from '../../src/markdown/source';
import { positionOf } from './helpers';

function parse(text: string): { entries: Map<string, BibEntry>; errors: ArticleError[] } {
  const d = new Diagnostics(['refs.bib']);
  const entries = parseBibtex(new SourceFile('refs.bib', text, d));
  try { d.throwIfAny(); } catch (e) { return { entries, errors: (e as ArticleError).all }; }
  return { entries, errors: [] };
}

describe('parseBibtex', () => {
  it('reads braces, quotes, numbers, nested braces, @string macros and # concatenation', () => {
    const { entries, errors } = parse(`
      Free text before entries is a comment.
      @string{ neurips = "Advances in Neural Information Processing Systems" }
      @comment{ ignored {nested} }
      @Article{a1,
        title = {A {Nested {Brace}} Title},
        author = "Doe, Jane and {The Org Team}",
        journal = neurips # " 32",
        year = 2019,
        month = jun,
        pages = {1--10},
      }
      @misc(b2, title = "Quoted {with "inner" braces}", year = {2020})
    `);
    expect(errors).toEqual([]);
    expect([...entries.keys()]).toEqual(['a1', 'b2']);
    const a = entries.get('a1') as BibEntry;
    expect(a.type).toBe('article');
    expect(a.fields).toMatchObject({
      title: 'A Nested Brace Title', journal: 'Advances in Neural Information Processing Systems 32',
      year: '2019', month: 'June', pages: '1\u201310',
    });
    expect(a.authors.map((n) => [n.first, n.last])).toEqual([['Jane', 'Doe'], ['', 'The Org Team']]);
    expect(entries.get('b2')?.fields.title).toBe('Quoted with "inner" braces');
  });

  it('keeps unknown fields and reads eprint as an arXiv link', () => {
    const { entries } = parse('@misc{x, title={T}, eprint={2012.00152}, archivePrefix={arXiv}, weird={kept}}');
    const e = entries.get('x') as BibEntry;
    expect(e.fields.weird).toBe('kept');
    expect(urlOf(e)).toBe('https://arxiv.org/abs/2012.00152');
    expect(formatReference(e)).toBe('T. arXiv:2012.00152.');
  });

  it('reports an unclosed brace at the value that opens it and resynchronises at the next entry', () => {
    const text = '@article{good1, title={Fine}, year={2018}}\n\n@article{bad,\n  title = {Never closed,\n  year = {2019}\n\n@article{good2, title={Also fine}}\n';
    const { entries, errors } = parse(text);
    expect(errors).toHaveLength(1);
    const at = positionOf(text, '{Never');
    expect(String(errors[0])).toBe(`refs.bib:${at.line}:${at.column}: unclosed "{" in BibTeX value`);
    expect(entries.has('good1') && entries.has('good2')).toBe(true);
  });

  it('reports duplicate keys and unknown @string macros with positions', () => {
    const text = '@misc{k, title={A}}\n@misc{k, title={B}}\n@misc{m, journal = nosuchmacro}\n';
    const { errors } = parse(text);
    const dup = positionOf(text, 'k, title={B}');
    const mac = positionOf(text, 'nosuchmacro');
    expect(errors.map(String)).toEqual([
      `refs.bib:${dup.line}:${dup.column}: duplicate BibTeX key "k"`,
      `refs.bib:${mac.line}:${mac.column}: unknown @string macro "nosuchmacro"`,
    ]);
  });
});

describe('BibTeX text and names', () => {
  it('turns LaTeX accents, escapes and dashes into Unicode', () => {
    expect(latexToText('Cl{\\\'e}ment G\\"{o}del Erd\\H{o}s \\c{C}a\\u{g}lar Stra\\ss e R\\&D 1--2 a---b x~y')).toBe(
      'Clément Gödel Erdős Çağlar Straße R&D 1\u20132 a\u2014b x\u00a0y');
  });

  it('splits "Last, First", "First Last", "First von Last", "Last, Jr, First" and others', () => {
    const names = splitNames('Lee, Jaehoon and Samuel S. Schoenholz and Ludwig van der Waals and King, Jr., Martin L. and others');
    expect(names.map((n) => [n.first, n.last, n.suffix, n.others ?? false])).toEqual([
      ['Jaehoon', 'Lee', '', false], ['Samuel S.', 'Schoenholz', '', false], ['Ludwig', 'van der Waals', '', false],
      ['Martin L.', 'King', 'Jr.', false], ['', '', '', true],
    ]);
    expect(initials('Jean-Pierre')).toBe('J.-P.');
    expect(initials('Samuel S.')).toBe('S. S.');
  });

  it('formats author lists as initials + family name, with "et al." beyond a maximum', () => {
    const names = splitNames('Jaehoon Lee and Yasaman Bahri and Roman Novak and Samuel S. Schoenholz');
    expect(formatAuthors(names)).toBe('J. Lee, Y. Bahri, R. Novak, S. S. Schoenholz');
    expect(formatAuthors(names, 3)).toBe('J. Lee, Y. Bahri, R. Novak, et al.');
    expect(formatAuthors(splitNames('A. One and others'))).toBe('A. One, et al.');
  });
});
