/**
 * The Markdown pipeline (SITE_CONTRACT.md), testable without Vite:
 * articles/*.md (in the given order) + references.bib -> the article HTML
 * (header, byline, table of contents, sections, notes, references, cite-this).
 *
 * Per file: parse (GFM, math, directives, front matter) -> directive lint ->
 * widgets / figures / asides -> heading ids -> KaTeX. Then, in reading order
 * over all files: citations, figure references and footnotes get their
 * numbers. Every problem is collected as a positioned ArticleError and the
 * first (in document order) is thrown at the end, carrying all of them.
 */
import type { Element, Root as HastRoot } from 'hast';
import type { Root, RootContent } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { widgetSchemas } from '../widgets/schemas';
import { parseBibtex } from './bibtex';
import { Citations } from './citations';
import { citeThisElement, headerElements, headHtml } from './citethis';
import { transformDirectives } from './directives';
import { ArticleError, Diagnostics } from './errors';
import type { FigureInfo } from './figures';
import { Footnotes, type ToHast } from './footnotes';
import { readFrontMatter, type FrontMatter } from './frontmatter';
import { resolveInline } from './inline';
import { lintParagraphs, lintUnclosedContainers, restoreInlineDirectives } from './lint';
import { renderMath, type MacroTable } from './math';
import { SourceFile } from './source';
import { Headings, IdRegistry, slugify, type TocEntry } from './toc';
import type { SchemaRegistry } from './widgets';

export { ArticleError } from './errors';
export type { FigureInfo } from './figures';
export type { FrontMatter } from './frontmatter';
export type { TocEntry } from './toc';

export interface ArticleFile {
  /** Relative to the project root, e.g. `articles/02-kernel-recursion.md` (used in errors). */
  path: string;
  source: string;
}

export interface RenderOptions {
  /** Widget schemas by name; defaults to src/widgets/schemas.ts. Tests inject fakes. */
  schemas?: SchemaRegistry;
  /** Path of the bibliography in error messages. */
  bibPath?: string;
}

export interface RenderedArticle {
  /** header + byline + toc + sections + footnotes + references + cite block. */
  html: string;
  /** Plain-text title for `<title>`. */
  title: string;
  description: string;
  /** Meta tags for `<!--ARTICLE-HEAD-->`. */
  head: string;
  frontMatter: FrontMatter;
  toc: TocEntry[];
  figures: FigureInfo[];
  /** Cited BibTeX keys in order of first citation (= reference numbers). */
  citations: string[];
  /** One per file: the `<section>` id and its source path. */
  sections: { id: string; path: string }[];
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMath).use(remarkDirective);
const hastProcessor = unified().use(remarkRehype, { allowDangerousHtml: true });
const toHast: ToHast = (nodes: RootContent[]) => hastProcessor.runSync({ type: 'root', children: nodes }) as HastRoot;

/** Render the article; throws an ArticleError (`file:line:column: message`) on any problem. */
export function renderArticle(files: readonly ArticleFile[], bib: string, options: RenderOptions = {}): RenderedArticle {
  const schemas = options.schemas ?? widgetSchemas;
  const bibPath = options.bibPath ?? 'articles/references.bib';
  if (files.length === 0) throw new ArticleError('articles', 1, 1, 'no article files (articles/*.md)');
  const diagnostics = new Diagnostics([...files.map((f) => f.path), bibPath]);
  const bibFile = new SourceFile(bibPath, bib, diagnostics);
  const bibEntries = parseBibtex(bibFile);

  const ids = new IdRegistry();
  const headings = new Headings(ids);
  const figures: FigureInfo[] = [];
  const macros: MacroTable = {};
  const footnotes = new Footnotes();
  let frontMatter: FrontMatter | undefined;

  // Pass 1, per file: structure.
  const parsed = files.map((f, index) => {
    const file = new SourceFile(f.path, f.source, diagnostics);
    const tree = parser.parse(f.source) as Root;
    const yaml = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
    if (index === 0) frontMatter = readFrontMatter(file, yaml);
    else if (yaml && yaml.value.trim() !== '') file.errorAtNode(yaml, 'front matter is only read from the first article file');
    tree.children = tree.children.filter((c) => c.type !== 'yaml');

    lintParagraphs(tree, file);
    lintUnclosedContainers(tree, file);
    restoreInlineDirectives(tree, file);
    const before = figures.length;
    transformDirectives(tree, file, { schemas, figures });
    for (const fig of figures.slice(before)) {
      if (fig.id && !ids.claim(fig.id)) file.errorAt(file.offsetAt(fig.line, 1), `duplicate id "${fig.id}"`);
    }
    headings.process(tree, file);
    renderMath(tree, file, macros);
    footnotes.collect(tree, file);
    return { file, tree };
  });

  // Pass 2, reading order over all files: numbers for citations, figure references, footnotes.
  const figureById = new Map(figures.filter((f) => f.id).map((f) => [f.id as string, f]));
  const citations = new Citations(bibEntries);
  for (const { file, tree } of parsed) resolveInline(tree, file, { figures: figureById, citations, footnotes });

  diagnostics.throwIfAny();

  // Pass 3: HTML.
  const fm = frontMatter as FrontMatter;
  const notes = footnotes.finish(toHast);
  const sections: RenderedArticle['sections'] = [];
  const sectionElements = parsed.map(({ file, tree }) => {
    const base = slugify(file.path.replace(/^.*\//, '').replace(/\.md$/, '').replace(/^\d+[-_]?/, ''));
    const id = ids.unique(`section-${base}`);
    sections.push({ id, path: file.path });
    return h('section', { className: ['article-section'], id, dataSource: file.path }, toHast(tree.children).children);
  });
  const parts: Element[] = [
    ...headerElements(fm),
    headings.nav(toHast),
    ...sectionElements,
    ...(notes ? [notes] : []),
    ...(citations.order.length ? [citations.bibliography()] : []),
    citeThisElement(fm),
  ];
  const html = parts.map((p) => toHtml(p, { allowDangerousHtml: true })).join('\n');
  return {
    html,
    title: fm.title,
    description: fm.description,
    head: headHtml(fm),
    frontMatter: fm,
    toc: headings.entries(),
    figures,
    citations: [...citations.order],
    sections,
  };
}
