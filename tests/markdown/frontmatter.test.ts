/** Front matter and id errors, each at its position. */
import { describe, expect, it } from 'vitest';
import { renderArticle } from '../../src/markdown/render';
import { fakeSchemas } from './fake-schemas';
import { positionOf, thrownBy } from './helpers';

const errorsOf = (...sources: string[]): string[] => thrownBy(() => renderArticle(
  sources.map((source, i) => ({ path: `articles/0${i}.md`, source })), '', { schemas: fakeSchemas },
)).all.map(String);
const pos = (text: string, needle: string): string => { const p = positionOf(text, needle); return `${p.line}:${p.column}`; };

describe('front matter', () => {
  it('reports a YAML syntax error inside the block', () => {
    const src = '---\ntitle: "Open quote\nauthors: [a]\n---\n\nText.\n';
    const errs = errorsOf(src);
    expect(errs[0]).toMatch(/^articles\/00\.md:\d+:\d+: front matter: Missing closing "quote$/);
    // yaml places this error at the end of the unterminated scalar: inside the block, never at the article text.
    const line = Number(errs[0].split(':')[1]);
    expect(line).toBeGreaterThanOrEqual(2);
    expect(line).toBeLessThanOrEqual(4);
  });

  it('requires a title, a valid date, and no front matter in later files', () => {
    const first = '---\nsubtitle: "S"\ndate: 2026-13-45\n---\n\nText.\n';
    const second = '---\ntitle: "Again"\n---\n\nMore.\n';
    expect(errorsOf(first, second)).toEqual([
      'articles/00.md:1:1: front matter: "title" is missing or not text',
      `articles/00.md:${pos(first, 'date:')}: front matter: "date" must be YYYY-MM-DD`,
      'articles/01.md:1:1: front matter is only read from the first article file',
    ]);
  });

  it('reports a missing front matter block', () => {
    expect(errorsOf('## Heading\n\nText.\n')[0]).toBe('articles/00.md:1:1: missing front matter: the first article file must start with "---", title, authors, date, "---"');
  });
});

describe('ids', () => {
  it('rejects duplicate heading and figure ids at the second occurrence', () => {
    const src = '---\ntitle: T\n---\n\n## One {#same}\n\n## Two {#same}\n\n:::figure{#fig:a}\ncap\n:::\n\n:::figure{#fig:a}\ncap\n:::\n';
    const second = src.indexOf('{#same}', src.indexOf('{#same}') + 1);
    const fig2 = src.lastIndexOf(':::figure');
    const at = (i: number) => { const b = src.slice(0, i); return `${b.split('\n').length}:${i - b.lastIndexOf('\n')}`; };
    expect(errorsOf(src)).toEqual([
      `articles/00.md:${at(second)}: duplicate id "same"`,
      `articles/00.md:${at(fig2)}: duplicate id "fig:a"`,
    ]);
  });

  it('gives repeated heading titles distinct slugs', () => {
    const r = renderArticle([{ path: 'a.md', source: '---\ntitle: T\n---\n\n## Notes\n\n## Notes\n\n## Über Ça\n' }], '', { schemas: fakeSchemas });
    expect(r.toc.map((e) => e.id)).toEqual(['notes', 'notes-2', 'uber-ca']);
  });
});
