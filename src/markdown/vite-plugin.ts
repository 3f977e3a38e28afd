/**
 * Vite plugin: renders articles/*.md + articles/references.bib into
 * index.html's marker comments (SITE_CONTRACT.md):
 *   <!--ARTICLE-TITLE-->  plain title text (escaped), for <title>
 *   <!--ARTICLE-HEAD-->   meta description, Open Graph and citation_* tags
 *   <!--ARTICLE-->        header, byline, toc, sections, notes, references, cite block
 *
 * Errors: `vite build` fails with `file:line:column: message` (every error of
 * the run, one per line); in dev the same error reaches Vite's overlay, both
 * when index.html is requested and when an article or the .bib changes (a
 * clean change triggers a full reload).
 *
 * Usage (vite.config.ts): `plugins: [articlePlugin()]` or
 * `articlePlugin({ dir: 'articles' })`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { ArticleError, codeFrame } from './errors';
import { renderArticle, type ArticleFile, type RenderedArticle } from './render';
import type { SchemaRegistry } from './widgets';

export interface ArticlePluginOptions {
  /** Folder of the article sources, relative to the Vite root. Default `articles`. */
  dir?: string;
  /** Widget schemas (default: src/widgets/schemas.ts). */
  schemas?: SchemaRegistry;
}

/** What the plugin reads from disk. */
export interface ArticleSources {
  files: ArticleFile[];
  bib: string;
  bibPath: string;
}

const posix = (p: string): string => p.split(path.sep).join('/');

/** Read `dir/*.md` (filename order) and `dir/references.bib`, with root-relative paths. */
export function readArticleSources(root: string, dir = 'articles'): ArticleSources {
  const abs = path.resolve(root, dir);
  const names = fs.existsSync(abs) ? fs.readdirSync(abs).filter((n) => n.endsWith('.md')).sort() : [];
  const files = names.map((n) => ({ path: posix(path.relative(root, path.join(abs, n))), source: fs.readFileSync(path.join(abs, n), 'utf8') }));
  const bibAbs = path.join(abs, 'references.bib');
  const bib = fs.existsSync(bibAbs) ? fs.readFileSync(bibAbs, 'utf8') : '';
  return { files, bib, bibPath: posix(path.relative(root, bibAbs)) };
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Replace the three marker comments (split/join: the HTML may contain `$` patterns). */
export function fillPlaceholders(html: string, article: RenderedArticle): string {
  return html
    .split('<!--ARTICLE-TITLE-->').join(escapeText(article.title))
    .split('<!--ARTICLE-HEAD-->').join(article.head)
    .split('<!--ARTICLE-->').join(article.html);
}

/** Error shape Vite prints in the terminal and shows in the overlay. */
export interface ViteArticleError extends Error {
  id?: string;
  loc?: { file: string; line: number; column: number };
  frame?: string;
  plugin?: string;
}

const PLUGIN_NAME = 'ntk-article';

/**
 * An ArticleError as a Vite error: message = every error as
 * `file:line:column: message`, one per line; a code frame for the first, and
 * (`withLocation`, dev only) id/loc so the overlay links to the file. In a
 * build, rolldown would attach that loc to index.html instead, so it is left out.
 */
export function toViteError(err: unknown, root: string, sources: ArticleSources, withLocation = true): unknown {
  if (!(err instanceof ArticleError)) return err;
  const e = new Error(err.all.map(String).join('\n')) as ViteArticleError;
  const abs = path.resolve(root, err.file);
  const text = err.file === sources.bibPath ? sources.bib : sources.files.find((f) => f.path === err.file)?.source;
  if (withLocation) {
    e.id = abs;
    e.loc = { file: abs, line: err.line, column: err.column };
  }
  if (text !== undefined) e.frame = codeFrame(text, err.line, err.column);
  e.plugin = PLUGIN_NAME;
  e.stack = '';
  return e;
}

export function articlePlugin(options: ArticlePluginOptions = {}): Plugin {
  const dir = options.dir ?? 'articles';
  let root = process.cwd();
  let serving = false;
  let cached: RenderedArticle | undefined;

  const render = (): RenderedArticle => {
    if (cached) return cached;
    const sources = readArticleSources(root, dir);
    try {
      cached = renderArticle(sources.files, sources.bib, { schemas: options.schemas, bibPath: sources.bibPath });
    } catch (err) {
      throw toViteError(err, root, sources, serving);
    }
    return cached;
  };

  const isSource = (file: string): boolean => {
    const rel = path.relative(path.resolve(root, dir), file);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && /\.(md|bib)$/.test(rel);
  };

  const onSourceChange = (server: ViteDevServer, file: string): void => {
    if (!isSource(file)) return;
    cached = undefined;
    try {
      render();
      server.ws.send({ type: 'full-reload', path: '*' });
    } catch (err) {
      const e = err as ViteArticleError;
      server.config.logger.error(e.message, { timestamp: true });
      server.ws.send({ type: 'error', err: { message: e.message, stack: e.stack ?? '', id: e.id, frame: e.frame, plugin: e.plugin, loc: e.loc } });
    }
  };

  return {
    name: PLUGIN_NAME,
    configResolved(config) {
      root = config.root;
      serving = config.command === 'serve';
    },
    buildStart() {
      // `vite build --watch` rebuilds when an article changes.
      for (const f of readArticleSources(root, dir).files) this.addWatchFile(path.resolve(root, f.path));
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes('<!--ARTICLE')) return html;
        return fillPlaceholders(html, render());
      },
    },
    configureServer(server) {
      server.watcher.add(path.resolve(root, dir));
      for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, (file: string) => onSourceChange(server, file));
    },
  };
}
