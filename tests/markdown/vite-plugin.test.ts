/**
 * The Vite plugin in a throw-away project: `vite build` fills the
 * placeholders or fails with `file:line:column: message`; the dev server
 * throws the same error from transformIndexHtml (-> overlay) and pushes it,
 * or a full reload, when an article changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, createServer, type ViteDevServer } from 'vite';
import { articlePlugin } from '../../src/markdown/vite-plugin';
import { fakeSchemas } from './fake-schemas';
import { positionOf } from './helpers';

const INDEX = '<!doctype html><html><head><title><!--ARTICLE-TITLE--></title><!--ARTICLE-HEAD--></head><body><main><!--ARTICLE--></main></body></html>\n';
const INTRO = '---\ntitle: "Plugin <Test> & $1"\ndescription: "About the plugin."\nauthors: ["Test Author"]\ndate: 2026-12-04\n---\n\n## Intro\n\nCosts $x$ [@a2020].\n';
const WIDGETS_OK = '## Widgets\n\n::kernel-recursion{depth=3}\n';
const WIDGETS_BAD = '## Widgets\n\nText.\n\n  ::kernal-recursion{depth=3}\n';
const BIB = '@misc{a2020, author = {Ann Author}, title = {A Paper}, year = {2020}}\n';

let root: string;
const write = (rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'article-plugin-'));
  write('index.html', INDEX);
  write('articles/00-intro.md', INTRO);
  write('articles/01-widgets.md', WIDGETS_OK);
  write('articles/references.bib', BIB);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const viteBuild = () => build({
  root, configFile: false, logLevel: 'silent',
  plugins: [articlePlugin({ schemas: fakeSchemas })],
  build: { write: false, minify: false },
});

describe('articlePlugin in vite build', () => {
  it('fills title, head and article placeholders', async () => {
    write('articles/01-widgets.md', WIDGETS_OK);
    const out = await viteBuild();
    const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : []));
    const page = outputs.find((o) => o.fileName === 'index.html');
    expect(page && page.type === 'asset').toBe(true);
    const html = String((page as { source: string | Uint8Array }).source);
    expect(html).toContain('<title>Plugin &lt;Test&gt; &amp; $1</title>');
    expect(html).toContain('<meta name="description" content="About the plugin.">');
    expect(html).toContain('<ntk-kernel-recursion depth="3">');
    expect(html).toContain('<a class="citation" href="#ref-a2020" data-cite="a2020"');
    expect(html).not.toContain('<!--ARTICLE');
  });

  it('fails with file:line:column: message', async () => {
    write('articles/01-widgets.md', WIDGETS_BAD);
    const p = positionOf(WIDGETS_BAD, '::kernal');
    const expected = `articles/01-widgets.md:${p.line}:${p.column}: unknown widget "kernal-recursion" (did you mean "kernel-recursion"?)`;
    await expect(viteBuild()).rejects.toThrow(expected);
  });
});

describe('articlePlugin in the dev server', () => {
  let server: ViteDevServer;
  beforeAll(async () => {
    write('articles/01-widgets.md', WIDGETS_OK);
    server = await createServer({
      root, configFile: false, logLevel: 'silent',
      plugins: [articlePlugin({ schemas: fakeSchemas })],
      server: { middlewareMode: true, hmr: false, watch: null },
    });
  });
  afterAll(async () => { await server?.close(); });

  it('renders index.html, throws the positioned error for the overlay, and recovers', async () => {
    const ok = await server.transformIndexHtml('/index.html', INDEX);
    expect(ok).toContain('<ntk-kernel-recursion depth="3">');

    write('articles/01-widgets.md', WIDGETS_BAD);
    const file = path.join(root, 'articles/01-widgets.md');
    const send = vi.spyOn(server.ws, 'send');
    server.watcher.emit('change', file);
    const p = positionOf(WIDGETS_BAD, '::kernal');
    const message = `articles/01-widgets.md:${p.line}:${p.column}: unknown widget "kernal-recursion" (did you mean "kernel-recursion"?)`;
    expect(send).toHaveBeenCalledTimes(1);
    const payload = send.mock.calls[0][0] as unknown as { type: string; err: { message: string; id: string; loc: { line: number; column: number }; frame: string } };
    expect(payload.type).toBe('error');
    expect(payload.err.message).toBe(message);
    expect(payload.err.id).toBe(file);
    expect(payload.err.loc).toMatchObject({ line: p.line, column: p.column });
    expect(payload.err.frame).toContain('> 5 |   ::kernal-recursion{depth=3}');
    await expect(server.transformIndexHtml('/index.html', INDEX)).rejects.toThrow(message);

    write('articles/01-widgets.md', WIDGETS_OK);
    server.watcher.emit('change', file);
    expect(send).toHaveBeenLastCalledWith({ type: 'full-reload', path: '*' });
    expect(await server.transformIndexHtml('/index.html', INDEX)).toContain('<ntk-kernel-recursion depth="3">');

    // Files outside articles/ are ignored.
    send.mockClear();
    server.watcher.emit('change', path.join(root, 'index.html'));
    expect(send).not.toHaveBeenCalled();
  });
});
