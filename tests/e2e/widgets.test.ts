/**
 * Every widget in the article, in the built page: it hydrates, each of its
 * controls changes what it draws (snapshot() and the SVG path data), and the
 * analytic widgets redraw within one animation frame of a slider input.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launch, watchedPage, type WatchedPage } from './browser';
import { readArticle } from './article-sources';
import { widgetSchemas } from '../../src/widgets/schemas';

const base = inject('baseUrl');
const names = [...new Set(readArticle().widgets)];
/** One frame at 60 Hz. */
const FRAME_MS = 1000 / 60;

/**
 * Settings a control needs before it can change the drawing, e.g. the RBF
 * lengthscale only matters when the kernel is RBF.
 */
const PRECONDITIONS: Readonly<Record<string, Readonly<Record<string, Record<string, string | number | boolean>>>>> = {
  'gp-posterior': { lengthscale: { kernel: 'rbf' } },
};

let browser: Browser;
let w: WatchedPage;
beforeAll(async () => {
  browser = await launch();
  w = await watchedPage(browser);
  await w.page.goto(base, { waitUntil: 'load' });
});
afterAll(async () => { await browser?.close(); });

/** In the page: change one control to another value the way a reader would, wait for the redraw. */
async function changeControl(page: Page, tag: string, param: string): Promise<{ before: string; after: string; rendered: boolean }> {
  return page.evaluate(async ({ tag, param }) => {
    type El = HTMLElement & { snapshot(): unknown; whenReady(): Promise<void> };
    const el = document.querySelector(tag) as El;
    const drawn = (): string => JSON.stringify(el.snapshot()) + Array.from(el.querySelectorAll('.widget-stage path'), (p) => p.getAttribute('d')).join('|');
    const control = el.querySelector<HTMLElement>(`.widget-controls [data-param="${param}"]`)!;
    const before = drawn();
    const rendered = new Promise<boolean>((resolve) => {
      el.addEventListener('widget-render', () => resolve(true), { once: true });
      setTimeout(() => resolve(false), 4000);
    });
    const range = control.querySelector<HTMLInputElement>('input[type=range]');
    const radios = Array.from(control.querySelectorAll<HTMLInputElement>('input[type=radio]'));
    const select = control.querySelector('select');
    const box = control.querySelector<HTMLInputElement>('input[type=checkbox]');
    if (range) {
      const min = Number(range.min); const max = Number(range.max); const v = Number(range.value);
      const target = Math.abs(v - max) > (max - min) * 0.3 ? max : min + (max - min) * 0.25;
      range.value = String(target);
      range.dispatchEvent(new Event('input', { bubbles: true }));
    } else if (radios.length) {
      const i = radios.findIndex((r) => r.checked);
      radios[(i + 1) % radios.length].click();
    } else if (select) {
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (box) {
      box.click();
    }
    const ok = await rendered;
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    return { before, after: drawn(), rendered: ok };
  }, { tag, param });
}

describe.each(names)('widget %s in the article', (name) => {
  const schema = widgetSchemas[name];

  it('hydrates near the viewport and draws', async () => {
    const state = await w.page.evaluate(async (tag) => {
      const el = document.querySelector(tag) as HTMLElement & { whenReady(): Promise<void>; snapshot(): unknown };
      el.scrollIntoView({ block: 'center' });
      await el.whenReady();
      // Training widgets draw when the worker's first snapshot arrives.
      const t0 = performance.now();
      while (el.querySelectorAll('.widget-stage path').length === 0 && performance.now() - t0 < 90_000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return { state: el.dataset.state, paths: el.querySelectorAll('.widget-stage path').length, snap: el.snapshot() !== null };
    }, schema.tag);
    expect(state).toEqual({ state: 'ready', paths: state.paths, snap: true });
    expect(state.paths).toBeGreaterThan(0);
  });

  // Training widgets redraw on every worker snapshot, so "the drawing changed" would prove nothing
  // here; their own browser tests (tests/widgets/<name>.browser.test.ts) check each control's effect.
  it.runIf(!schema.needsTf)('each control changes what is drawn', async () => {
    const params = await w.page.evaluate((tag) => Array.from(document.querySelectorAll<HTMLElement>(`${tag} .widget-controls .control`), (c) => c.dataset.param!), schema.tag);
    expect(params.length).toBeGreaterThan(0);
    const unchanged: string[] = [];
    for (const param of params) {
      const pre = PRECONDITIONS[name]?.[param];
      if (pre) await w.page.evaluate(({ tag, pre }) => (document.querySelector(tag) as unknown as { setParams(p: object): void }).setParams(pre), { tag: schema.tag, pre });
      const r = await changeControl(w.page, schema.tag, param);
      if (!r.rendered || r.before === r.after) unchanged.push(param);
    }
    expect(unchanged, 'controls that did not change the drawing').toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('its embed code opens the same state in embed.html', async () => {
    const snippet = await w.page.evaluate(async (tag) => {
      const el = document.querySelector(tag) as HTMLElement & { values: Record<string, unknown> };
      const details = el.querySelector<HTMLDetailsElement>('details.embed-code')!;
      details.open = true;
      await new Promise((r) => setTimeout(r, 50));
      const [iframe, element] = Array.from(el.querySelectorAll<HTMLTextAreaElement>('.embed-text'), (t) => t.value);
      details.open = false;
      return { iframe, element, values: el.values };
    }, schema.tag);
    expect(snippet.element).toContain(`<${schema.tag}`);
    expect(snippet.element).toMatch(/<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/assets\/widgets\.js"><\/script>/);
    const src = /src="([^"]+)"/.exec(snippet.iframe)![1].replace(/&amp;/g, '&');
    expect(src.startsWith(`${base}embed.html?widget=${name}`)).toBe(true);
    const page = await w.page.context().newPage();
    await page.goto(src, { waitUntil: 'load' });
    const values = await page.evaluate(async (tag) => {
      const el = document.querySelector(tag) as HTMLElement & { whenReady(): Promise<void>; values: Record<string, unknown> };
      await el.whenReady();
      return el.values;
    }, schema.tag);
    expect(values).toEqual(snippet.values);
    await page.close();
  });

  it.runIf(schema.needsTf === true)('trains in a Web Worker (TensorFlow.js never runs on the page) and draws no NaN', async () => {
    await w.page.waitForFunction((tag) => document.querySelectorAll(`${tag} .widget-stage path`).length > 0, schema.tag, { timeout: 90_000 });
    expect(w.page.workers().length).toBeGreaterThan(0);
    const bad = await w.page.evaluate((tag) => {
      const paths = Array.from(document.querySelectorAll(`${tag} .widget-stage path`), (p) => p.getAttribute('d') ?? '');
      const tf = (globalThis as { tf?: unknown }).tf;
      return { nan: paths.filter((d) => d.includes('NaN')).length, tfOnPage: tf !== undefined };
    }, schema.tag);
    expect(bad).toEqual({ nan: 0, tfOnPage: false });
  });

  it.runIf(!schema.needsTf)('redraws within one animation frame of a slider input', async () => {
    const measure = (): Promise<{ param: string; wallMedian: number; wallP90: number; reportedMedian: number; maxFrames: number; framesMedian: number }> => w.page.evaluate(async (tag) => {
      const el = document.querySelector(tag) as HTMLElement & { reset(): void };
      el.reset();
      const range = el.querySelector<HTMLInputElement>('.widget-controls input[type=range]')!;
      const min = Number(range.min); const max = Number(range.max);
      const values = [min + (max - min) * 0.3, min + (max - min) * 0.7];
      const wall: number[] = []; const reported: number[] = []; const frames: number[] = [];
      for (let i = 0; i < 31; i++) {
        let rafs = 0;
        let counting = true;
        const tick = (): void => { if (counting) { rafs += 1; requestAnimationFrame(tick); } };
        const done = new Promise<number>((resolve) => el.addEventListener('widget-render', (e) => resolve((e as CustomEvent<{ durationMs: number }>).detail.durationMs), { once: true }));
        requestAnimationFrame(tick);
        const t0 = performance.now();
        range.value = String(values[i % 2]);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        const d = await done;
        const t1 = performance.now();
        counting = false;
        if (i > 0) { wall.push(t1 - t0); reported.push(d); frames.push(rafs); }
        await new Promise((res) => setTimeout(res, 30));
      }
      const median = (a: number[]): number => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
      const p90 = (a: number[]): number => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length * 0.9)]; };
      return { param: range.name, wallMedian: median(wall), wallP90: p90(wall), reportedMedian: median(reported), maxFrames: Math.max(...frames), framesMedian: median(frames) };
    }, schema.tag);
    // The machine is shared: a round whose median misses the frame is measured again (at most 3 rounds).
    let r = await measure();
    for (let round = 2; round <= 3 && r.wallMedian >= FRAME_MS; round++) {
      console.info(`[redraw] ${name}: round ${round - 1} median ${r.wallMedian.toFixed(2)} ms over one frame; measuring again`);
      r = await measure();
    }
    console.info(`[redraw] ${name} (${r.param}): median ${r.wallMedian.toFixed(2)} ms, p90 ${r.wallP90.toFixed(2)} ms, widget-render detail median ${r.reportedMedian.toFixed(2)} ms, animation frames elapsed median ${r.framesMedian} (max ${r.maxFrames})`);
    expect(r.wallMedian).toBeLessThan(FRAME_MS);
    expect(r.reportedMedian).toBeLessThan(FRAME_MS);
    expect(r.framesMedian).toBeLessThanOrEqual(1);
  });
});

describe('whole page', () => {
  it('no console errors and no request outside 127.0.0.1 after exercising every widget', () => {
    expect(w.errors).toEqual([]);
    expect(w.external()).toEqual([]);
  });
});
