/**
 * The real article (articles/*.md + articles/references.bib, written by the
 * prose helper) goes through the pipeline with the real widget schemas.
 */
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../src/markdown/errors';
import { renderArticle, type RenderedArticle } from '../../src/markdown/render';
import { readArticleSources } from '../../src/markdown/vite-plugin';
import { widgetSchemas } from '../../src/widgets/schemas';

describe('articles/', () => {
  const sources = readArticleSources(process.cwd(), 'articles');

  it('has article files', () => {
    expect(sources.files.length).toBeGreaterThan(0);
    expect(sources.files[0].path).toMatch(/^articles\/00-[\w-]+\.md$/);
  });

  it('renders without error, every file a section, every widget directive an element', () => {
    let r: RenderedArticle | undefined;
    try {
      r = renderArticle(sources.files, sources.bib, { bibPath: sources.bibPath });
    } catch (e) {
      // Show every build error, not only the first.
      if (e instanceof ArticleError) throw new Error(e.all.map(String).join('\n'));
      throw e;
    }
    expect(r.title.length).toBeGreaterThan(0);
    expect(r.sections.map((s) => s.path)).toEqual(sources.files.map((f) => f.path));
    expect(r.toc.length).toBeGreaterThan(0);
    const directives = sources.files.flatMap((f) => [...f.source.matchAll(/^\s*::([a-z][\w-]*)\{/gm)].map((m) => m[1]));
    for (const name of new Set(directives)) {
      const tag = widgetSchemas[name].tag;
      const count = (r.html.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length;
      expect(count, `<${tag}> elements`).toBe(directives.filter((d) => d === name).length);
    }
    expect(r.html).not.toContain('katex-error');
    expect(r.html).not.toMatch(/\[@[\w-]+/); // no unresolved citation left as text
  });
});

describe('cite this article', () => {
  it('keeps a group author as one BibTeX name ({The X authors}), a person as "Last, First"', () => {
    const sources = readArticleSources(process.cwd(), 'articles');
    const r = renderArticle(sources.files, sources.bib, { bibPath: sources.bibPath });
    const fm = r.frontMatter;
    const expected = fm.authors
      .map((a) => (a.group ? `{${a.name}}` : `${a.name.split(/\s+/).pop()}, ${a.name.split(/\s+/).slice(0, -1).join(' ')}`))
      .join(' and ');
    expect(r.html).toContain(`author = {${expected}}`);
    expect(r.html).not.toContain('authors, The');
  });
});
