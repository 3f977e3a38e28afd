/**
 * Happy path of the pipeline on tests/markdown/fixtures/happy (two files and a
 * .bib), with the fake widget registry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedArticle } from '../../src/markdown/render';
import { fixtureText, renderHappy } from './helpers';

let r: RenderedArticle;
beforeAll(() => { r = renderHappy(); });

/** Text of the first element matching `open ... </tag>` (non-greedy, no nesting of the same tag). */
function between(html: string, open: RegExp, close: string): string {
  const m = open.exec(html);
  expect(m, `${open} in output`).not.toBeNull();
  const start = (m as RegExpExecArray).index + (m as RegExpExecArray)[0].length;
  const end = html.indexOf(close, start);
  expect(end).toBeGreaterThan(start);
  return html.slice(start, end);
}
const stripTags = (s: string): string => s.replace(/<[^>]*>/g, '');

describe('renderArticle: front matter, sections, head', () => {
  it('reads title, description, authors and date', () => {
    expect(r.title).toBe('A Test Article');
    expect(r.description).toBe('Checks every feature of the article pipeline.');
    expect(r.frontMatter.authors).toEqual([
      { name: 'Ada Lovelace', affiliation: 'Analytical Engines', url: 'https://example.org/ada' },
      { name: 'Emmy Noether', affiliation: undefined, url: undefined },
    ]);
    expect(r.frontMatter.date).toBe('2026-12-04');
    expect(r.html).toContain('<h1 class="article-title">A Test Article</h1>');
    expect(r.html).toContain('<time datetime="2026-12-04">December 4, 2026</time>');
    expect(r.head).toContain('<meta name="description" content="Checks every feature of the article pipeline.">');
  });

  it('wraps each file in its own section, in order, with heading ids', () => {
    const sections = [...r.html.matchAll(/<section class="article-section" id="([^"]+)" data-source="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(sections).toEqual([
      ['section-intro', 'tests/markdown/fixtures/happy/00-intro.md'],
      ['section-posterior', 'tests/markdown/fixtures/happy/01-posterior.md'],
    ]);
    expect(r.html).toContain('<h2 id="intro">Introduction</h2>');
    expect(r.html).toContain('<h3 id="the-running-example">The running example</h3>');
    // The explicit {#id} is not left in the heading text.
    expect(r.html).not.toContain('{#intro}');
  });

  it('keeps ordinary colons in prose (no false directives)', () => {
    expect(r.html).toContain('A ratio 1:2, a note: this, a key:value pair and 10:30 stay as written.');
  });
});

describe('renderArticle: math', () => {
  it('renders inline and display math with KaTeX at build time', () => {
    const inline = r.html.match(/<span class="katex">/g) ?? [];
    // One inline formula in the text, one in the aside, and the display formula's inner span.
    expect(inline.length).toBe(3);
    expect(r.html).toContain('<div class="math-display"><span class="katex-display">');
    expect(r.html).toContain('<annotation encoding="application/x-tex">\\Theta = \\sum_{l=1}^{L} K^{l} \\prod_{k &gt; l} \\dot{K}^{k}</annotation>');
    expect(r.html).not.toContain('katex-error');
    expect(r.html).not.toContain('$$');
  });
});

describe('renderArticle: citations and bibliography', () => {
  it('numbers citations by first appearance (a footnote counts where it is referenced)', () => {
    expect(r.citations).toEqual(['jacot2018neural', 'lee2018deep', 'neal1996bayesian', 'rasmussen2006gaussian']);
    const links = [...r.html.matchAll(/<a class="citation" href="#ref-([\w]+)" data-cite="([\w]+)"[^>]*>\[(\d+)\]<\/a>/g)];
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const [, href, key, n] of links) {
      expect(href).toBe(key);
      expect(Number(n)).toBe(r.citations.indexOf(key) + 1);
    }
    // Reading order of the first six links in section 1: jacot, lee, jacot (multi-key), neal (footnote card), lee (caption).
    expect(links.slice(0, 5).map((m) => m[3])).toEqual(['1', '2', '1', '3', '2']);
  });

  it('gives each citation a hover card with authors, title, venue and year', () => {
    const card = between(r.html, /aria-describedby="cite-card-2">\[2\]<\/a><span class="cite-card" role="tooltip" id="cite-card-2">/, '</span></span>');
    expect(stripTags(card)).toBe('J. Lee, Y. Bahri, R. Novak, et al. Deep Neural Networks as Gaussian Processes. International Conference on Learning Representations, 2018.');
  });

  it('lists the cited entries (only those) in citation order, formatted from BibTeX', () => {
    const refs = between(r.html, /<section class="references" id="references"><h2>References<\/h2><ol>/, '</ol>');
    expect([...refs.matchAll(/<li id="ref-([\w]+)">/g)].map((m) => m[1])).toEqual(r.citations);
    expect(refs).not.toContain('uncited2020');
    const jacot = between(refs, /<li id="ref-jacot2018neural">/, '</li>');
    expect(stripTags(jacot)).toBe('A. Jacot, F. Gabriel, C. Hongler. Neural Tangent Kernel: Convergence and Generalization in Neural Networks. Advances in Neural Information Processing Systems, 2018. arxiv.org/abs/1806.07572');
    // eprint without url -> arXiv link; @string macro expanded; {G} case protection dropped.
    expect(refs).toContain('<a class="ref-link" href="https://arxiv.org/abs/1711.00165">');
    expect(refs).toContain('Deep Neural Networks as Gaussian Processes.');
  });
});

describe('renderArticle: figures', () => {
  it('numbers figures in reading order with layout classes and captions', () => {
    expect(r.figures.map((f) => [f.id, f.number, f.layout, f.widgets])).toEqual([
      ['fig:recursion', 1, 'page', ['kernel-recursion']],
      ['fig:posterior', 2, 'body', ['gp-posterior']],
    ]);
    expect(r.html).toContain('<figure id="fig:recursion" class="figure l-page">');
    expect(r.html).toContain('<figure id="fig:posterior" class="figure l-body">');
    const caption = between(r.html, /<figure id="fig:recursion"[^>]*>.*?<figcaption>/s, '</figcaption>');
    expect(caption.startsWith('<span class="figure-number">Figure 1.</span> <strong>Depth.</strong> The kernel of a deep erf network')).toBe(true);
    expect(r.html).toContain('<figcaption><span class="figure-number">Figure 2.</span> Posterior mean and band; click to add points.</figcaption>');
    expect(r.figures[0].caption).toBe('Depth. The kernel of a deep erf network. Try depth 50.');
  });

  it('turns @fig:id into "Figure n" links, forward and across files', () => {
    const refs = [...r.html.matchAll(/<a href="#(fig:[\w-]+)" class="figure-ref">Figure (\d+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(refs).toEqual([['fig:posterior', '2'], ['fig:recursion', '1'], ['fig:posterior', '2']]);
    expect(r.html).not.toContain('@fig:');
  });
});

describe('renderArticle: widgets', () => {
  it('becomes the custom element with validated, normalized attributes', () => {
    expect(r.html).toContain('<ntk-kernel-recursion depth="10" activation="erf" weightVariance="2.5" normalize="false">');
    expect(r.html).toContain('<ntk-gp-posterior trainX="-1,0.5,2" noise="0.1">');
  });

  it('holds a static fallback the runtime replaces', () => {
    const inner = between(r.html, /<ntk-kernel-recursion[^>]*>/, '</ntk-kernel-recursion>');
    expect(inner).toBe('<p class="widget-fallback">Interactive figure: The kernel, layer by layer. Kernels against the angle between two inputs. (needs JavaScript)</p>');
    // A title ending with "." does not give "..".
    expect(r.html).toContain('Interactive figure: Posterior of an infinitely wide network. Mean and a two-sigma band. (needs JavaScript)');
  });
});

describe('renderArticle: footnotes, margin notes, toc, cite-this', () => {
  it('numbers footnotes by first reference, with hover cards and a notes list', () => {
    expect(r.html).toContain('<a class="footnote-ref" href="#fn-1" id="fnref-1" data-footnote="1" aria-describedby="fn-card-1"><sup>1</sup></a>');
    const card1 = between(r.html, /<span class="cite-card footnote-card" role="tooltip" id="fn-card-1">/, '.</span></span>');
    expect(stripTags(card1)).toBe('Defined second, referenced first; it cites [3]');
    expect(card1).not.toContain('id="'); // no duplicate ids inside the card copy
    const card2 = between(r.html, /<span class="cite-card footnote-card" role="tooltip" id="fn-card-2">/, '</span>');
    expect(card2).toBe('Defined first, referenced second.');
    const notes = between(r.html, /<section class="footnotes" id="footnotes"><h2>Notes<\/h2><ol>/, '</ol></section>');
    expect([...notes.matchAll(/<li id="(fn-\d)">/g)].map((m) => m[1])).toEqual(['fn-1', 'fn-2']);
    expect(notes).toContain('<a class="footnote-back" href="#fnref-1" aria-label="Back to reference 1">↩</a>');
  });

  it('renders :::aside as a margin note', () => {
    const aside = between(r.html, /<aside class="margin-note">/, '</aside>');
    expect(aside).toContain('A margin note with <em>emphasis</em> and math <span class="katex">');
  });

  it('builds the table of contents from ## and ### headings', () => {
    expect(r.toc).toEqual([
      { id: 'intro', title: 'Introduction', depth: 2, children: [{ id: 'the-running-example', title: 'The running example', depth: 3, children: [] }] },
      { id: 'posterior', title: 'The posterior', depth: 2, children: [{ id: 'second-subsection', title: 'Second subsection', depth: 3, children: [] }] },
    ]);
    const nav = between(r.html, /<nav class="toc" aria-label="Contents"[^>]*>/, '</nav>');
    expect([...nav.matchAll(/<a href="#([\w-]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['intro', 'Introduction'], ['the-running-example', 'The running example'], ['posterior', 'The posterior'], ['second-subsection', 'Second subsection'],
    ]);
    // Order of the assembled page: header, byline, toc, sections, notes, references, cite block.
    const order = ['class="article-header"', 'class="byline"', 'class="toc"', 'class="article-section"', 'class="footnotes"', 'class="references"', 'class="cite-this"'].map((s) => r.html.indexOf(s));
    expect(order.every((v, i) => v >= 0 && (i === 0 || v > order[i - 1]))).toBe(true);
  });

  it('ends with a cite-this block holding the article BibTeX', () => {
    const bib = between(r.html, /<section class="cite-this" id="cite">.*?<pre class="bibtex"><code>/s, '</code></pre>');
    expect(bib).toBe([
      '@misc{testarticle2026,',
      '  author = {Lovelace, Ada and Noether, Emmy},',
      '  title = {A Test Article},',
      '  note = {Fixtures for the Markdown pipeline},',
      '  year = {2026},',
      '  month = {12}',
      '}',
    ].join('\n'));
  });

  it('is deterministic: the same input renders the same HTML', () => {
    expect(renderHappy().html).toBe(r.html);
    expect(fixtureText('happy/00-intro.md')).toContain('[^later]'); // guard: the fixture is what the tests describe
  });
});
