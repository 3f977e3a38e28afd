/**
 * The built article: static HTML without JavaScript, then the live page in
 * Chromium (hydration, console, network, phone layout, hover cards, ToC,
 * print).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { launch, scrollThrough, watchedPage, widgetTags } from './browser';
import { plainHeading, readArticle } from './article-sources';
import { widgetSchemas } from '../../src/widgets/schemas';

const base = inject('baseUrl');
const facts = readArticle();
/** The e2e build (global-setup.ts builds here, not in dist/). */
const dist = fileURLToPath(new URL('../../node_modules/.e2e-dist/', import.meta.url));
/** A string every TensorFlow.js core bundle contains (its URL flag prefix). */
const TFJS_MARKER = 'tfjsflags';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('static HTML (no JavaScript)', () => {
  let html = '';
  beforeAll(async () => { html = await (await fetch(base)).text(); });

  it('has every section and subsection of articles/*.md, in order', () => {
    expect(facts.headings.filter((h) => h.level === 2).length).toBeGreaterThanOrEqual(3);
    let at = 0;
    for (const h of facts.headings) {
      const tag = `<h${h.level}`;
      const needle = h.id ? `id="${h.id}"` : plainHeading(h.text);
      const i = h.text.includes('$') && !h.id ? html.indexOf(tag, at) : html.indexOf(needle, at);
      expect(i, `heading "${h.text}" (${h.file}) present after the previous one`).toBeGreaterThan(-1);
      const text = plainHeading(h.text).replace(/&/g, '&amp;');
      if (!h.text.includes('$')) expect(html.slice(i, i + 4000).includes(text), `heading text "${text}"`).toBe(true);
      at = i;
    }
  });

  it('has every figure with its widget element and a static fallback', () => {
    for (const id of facts.figures) expect(html.includes(`id="${id}"`), `id="${id}"`).toBe(true);
    for (const name of facts.widgets) {
      const tag = widgetSchemas[name].tag;
      const m = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
      expect(m, `<${tag}> in the page`).not.toBeNull();
      expect(m![1].replace(/<[^>]+>/g, '').trim().length, `<${tag}> has fallback text`).toBeGreaterThan(10);
    }
  });

  it('math is rendered by KaTeX at build time', () => {
    const count = (html.match(/class="katex"/g) ?? []).length;
    expect(count).toBeGreaterThan(20);
    expect(html.includes('class="katex-display"')).toBe(true);
    expect(/\$\$[^$]+\$\$/.test(html), 'no raw $$…$$ left').toBe(false);
  });

  it('has margin notes, citations with hover cards, references and the cite block', () => {
    expect((html.match(/<aside class="margin-note"/g) ?? []).length).toBe(facts.asides);
    expect(/<a class="citation"[^>]*href="#ref-/.test(html)).toBe(true);
    expect(html.includes('class="cite-card"'), 'class="cite-card"').toBe(true);
    expect(html.includes('id="references"'), 'id="references"').toBe(true);
    expect(html.includes('id="cite"'), 'id="cite"').toBe(true);
    expect(html.includes('<nav class="toc"'), '<nav class="toc"').toBe(true);
  });

  it('every loaded asset is local: no remote src=, <link href=> or CSS url()', () => {
    const remoteSrc = html.match(/\ssrc="https?:\/\/[^"]*"/g) ?? [];
    const remoteLinks = (html.match(/<link[^>]*>/g) ?? []).filter((l) => /href="https?:/.test(l));
    expect(remoteSrc).toEqual([]);
    expect(remoteLinks).toEqual([]);
    const cssFiles = readdirSync(`${dist}assets`).filter((f) => f.endsWith('.css'));
    expect(cssFiles.length).toBeGreaterThan(0);
    for (const f of cssFiles) {
      const remote = readFileSync(`${dist}assets/${f}`, 'utf8').match(/url\(\s*["']?https?:[^)]*\)|@import\s+["']?https?:/g) ?? [];
      expect(remote, f).toEqual([]);
    }
  });
});

describe('live page', () => {
  it('every widget hydrates; no console errors; no request leaves 127.0.0.1; no TensorFlow.js in the entry chunks', async () => {
    const w = await watchedPage(browser);
    const scripts = new Map<string, string>();
    w.page.on('response', async (r) => {
      if (r.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(r.url())) {
        try { scripts.set(r.url(), await r.text()); } catch { /* navigation */ }
      }
    });
    await w.page.goto(base, { waitUntil: 'load' });
    // Entry chunks: the module script and its modulepreloads in index.html.
    const entry = await w.page.evaluate(() => Array.from(document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[type=module][src], link[rel=modulepreload]'), (e) => (e as HTMLScriptElement).src || (e as HTMLLinkElement).href));
    expect(entry.length).toBeGreaterThan(0);
    let entryBytes = 0;
    for (const url of entry) {
      const text = await (await fetch(url)).text();
      entryBytes += text.length;
      expect(text.includes(TFJS_MARKER), `${url} must not contain TensorFlow.js`).toBe(false);
    }
    expect(entryBytes, 'entry JavaScript stays small').toBeLessThan(200_000);

    // Lazy: before scrolling, a figure far below the fold has not been mounted.
    const lastState = await w.page.evaluate(() => {
      const hosts = Array.from(document.querySelectorAll<HTMLElement>('.widget-host'));
      const far = hosts.filter((h) => h.getBoundingClientRect().top > innerHeight + 1000);
      return far.map((h) => h.dataset.state);
    });
    expect(lastState.length).toBeGreaterThan(0);
    expect(lastState.every((s) => s === 'idle')).toBe(true);

    await scrollThrough(w.page);
    const tags = await widgetTags(w.page);
    expect(tags.sort()).toEqual([...new Set(facts.widgets.map((n) => widgetSchemas[n].tag))].sort());
    const states = await w.page.evaluate(async () => {
      const els = Array.from(document.querySelectorAll<HTMLElement & { whenReady(): Promise<void> }>('.widget-host'));
      await Promise.all(els.map((e) => e.whenReady().catch(() => undefined)));
      return els.map((e) => `${e.localName}:${e.dataset.state}`);
    });
    expect(states.every((s) => s.endsWith(':ready')), states.join(', ')).toBe(true);
    const svgCounts = await w.page.evaluate(() => Array.from(document.querySelectorAll('.widget-stage'), (s) => s.querySelectorAll('svg path, canvas').length));
    expect(svgCounts.every((n) => n > 0)).toBe(true);

    const needsTf = facts.widgets.some((n) => widgetSchemas[n].needsTf);
    if (!needsTf) {
      for (const [url, text] of scripts) expect(text.includes(TFJS_MARKER), `${url} loaded TensorFlow.js though no widget needs it`).toBe(false);
    }
    expect(w.external()).toEqual([]);
    expect(w.requests.some((u) => u.endsWith('.woff2')), 'bundled fonts are used').toBe(true);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('on a 375px phone nothing overflows horizontally and controls stack in one column', async () => {
    const w = await watchedPage(browser, { width: 375, height: 740 });
    await w.page.goto(base, { waitUntil: 'load' });
    // The ToC is collapsed behind a button on a phone.
    const toggle = w.page.locator('nav.toc .toc-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await w.page.locator('nav.toc > ol').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await w.page.locator('nav.toc > ol').isVisible()).toBe(true);
    await scrollThrough(w.page, 700);
    await w.page.evaluate(() => Promise.all(Array.from(document.querySelectorAll<HTMLElement & { whenReady(): Promise<void> }>('.widget-host'), (e) => e.whenReady())));
    const result = await w.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const clipped = (e: Element): boolean => {
        for (let p = e.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') return p !== document.body && p !== document.documentElement;
        }
        return false;
      };
      const offenders = Array.from(document.body.querySelectorAll('*'))
        .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1) && !clipped(e); })
        .filter((e) => !e.closest('.cite-card, .footnote-card, .skip-link'))
        .slice(0, 5).map((e) => `${e.localName}.${e.className}`);
      const columns = Array.from(document.querySelectorAll('.widget-controls'), (c) => new Set(Array.from(c.querySelectorAll(':scope > .control'), (k) => Math.round(k.getBoundingClientRect().left))).size);
      return { scrollWidth: document.documentElement.scrollWidth, width, offenders, columns };
    });
    expect(result.offenders).toEqual([]);
    expect(result.scrollWidth).toBeLessThanOrEqual(result.width);
    expect(result.columns.every((n) => n === 1), `controls per row: ${result.columns}`).toBe(true);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('a citation opens its hover card; the ToC marks the section being read', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(base, { waitUntil: 'load' });
    const cite = w.page.locator('a.citation').first();
    await cite.scrollIntoViewIfNeeded();
    await cite.hover();
    const card = w.page.locator('.cite-card.is-open').first();
    await card.waitFor({ state: 'visible', timeout: 3000 });
    expect((await card.textContent())!.length).toBeGreaterThan(20);
    await w.page.mouse.move(5, 5);
    await w.page.waitForSelector('.cite-card.is-open', { state: 'detached', timeout: 3000 }).catch(() => undefined);
    expect(await w.page.locator('.cite-card.is-open').count()).toBe(0);

    const note = w.page.locator('a.footnote-ref, a[data-footnote-ref]').first();
    if (await note.count()) {
      await note.scrollIntoViewIfNeeded();
      await note.focus();
      const noteCard = w.page.locator('.footnote-card.is-open, .cite-card.is-open').first();
      await noteCard.waitFor({ state: 'visible', timeout: 3000 });
      expect((await noteCard.textContent())!.length).toBeGreaterThan(20);
      await w.page.keyboard.press('Escape');
      await w.page.waitForTimeout(50);
      expect(await w.page.locator('.cite-card.is-open').count()).toBe(0);
    }

    const last = facts.headings.filter((h) => h.level === 2 && h.id).at(-1)!;
    await w.page.evaluate((id) => document.getElementById(id)!.scrollIntoView(), last.id!);
    await w.page.waitForTimeout(200);
    const current = await w.page.evaluate(() => document.querySelector('nav.toc a[aria-current]')?.getAttribute('href'));
    expect(current?.startsWith('#')).toBe(true);
    const currentTop = await w.page.evaluate((href) => document.getElementById(href.slice(1))!.getBoundingClientRect().top, current!);
    expect(currentTop).toBeLessThanOrEqual(900 * 0.3 + 1);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('print hides the controls and the ToC, and keeps a drawing or the static fallback for every figure', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(base, { waitUntil: 'load' });
    const first = facts.figures[0];
    await w.page.evaluate((id) => document.getElementById(id)!.scrollIntoView(), first);
    await w.page.waitForSelector(`[id="${first}"] .widget-host[data-state=ready]`);
    await w.page.emulateMedia({ media: 'print' });
    const r = await w.page.evaluate(() => ({
      controls: Array.from(document.querySelectorAll('.widget-controls, .widget-footer, nav.toc'), (e) => getComputedStyle(e).display),
      figures: Array.from(document.querySelectorAll('figure .widget-host'), (h) => {
        const stage = h.querySelector('.widget-stage')!;
        const fallback = h.querySelector('.widget-fallback')!;
        const shown = (e: Element): boolean => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 20;
        return shown(stage) || shown(fallback);
      }),
    }));
    expect(r.controls.every((d) => d === 'none')).toBe(true);
    expect(r.figures.length).toBe(facts.widgets.length);
    expect(r.figures.every(Boolean)).toBe(true);
    await w.page.context().close();
  });
});
