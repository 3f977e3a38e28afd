/**
 * The embed page (embed.html?widget=…) for every widget, and widgets.js used
 * as custom elements from another page, including under a CSS transform
 * (reveal.js scales slides).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launch, watchedPage } from './browser';
import { widgetSchemas } from '../../src/widgets/schemas';
import type { ParamSpec } from '../../src/ui/params';

const base = inject('baseUrl');
const FRAME = { width: 800, height: 520 };

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

type Values = Record<string, unknown>;
/**
 * Mounted and drawn: training widgets draw their first picture when the
 * worker's first snapshot arrives, so wait for a path in the stage too.
 */
const ready = async (page: Page, tag: string): Promise<Values> => {
  const values = await page.evaluate(async (t) => {
    const el = document.querySelector(t) as HTMLElement & { whenReady(): Promise<void>; values: Record<string, unknown> };
    await el.whenReady();
    return el.values;
  }, tag);
  await page.waitForFunction((t) => document.querySelectorAll(`${t} .widget-stage path`).length > 0, tag, { timeout: 90_000 });
  return values;
};

/** A numeric parameter with a control, other than the seed. */
function numericParam(params: Readonly<Record<string, ParamSpec>>, skip: string[] = []): [string, ParamSpec & { min: number; max: number }] {
  const found = Object.entries(params).find(([k, s]) => k !== 'seed' && !skip.includes(k) && s.control !== false && (s.kind === 'int' || s.kind === 'float' || s.kind === 'log'));
  if (!found) throw new Error('no numeric parameter');
  return found as [string, ParamSpec & { min: number; max: number }];
}

describe.each(Object.values(widgetSchemas))('embed.html?widget=$name', (schema) => {
  it('fills the frame without scrolling, with no errors and no outside requests', async () => {
    const w = await watchedPage(browser, FRAME);
    await w.page.goto(`${base}embed.html?widget=${schema.name}`, { waitUntil: 'load' });
    await ready(w.page, schema.tag);
    const box = await w.page.evaluate((tag) => {
      const r = document.querySelector(tag)!.getBoundingClientRect();
      const d = document.documentElement;
      const stageEl = document.querySelector<HTMLElement>(`${tag} .widget-stage`)!;
      const full = stageEl.getBoundingClientRect();
      // What the reader sees of the drawing: its box clipped to the (possibly scrolling) viewport.
      const vp = document.querySelector(`${tag} .widget-viewport`)!.getBoundingClientRect();
      const stage = { left: Math.max(full.left, vp.left), right: Math.min(full.right, vp.right), top: Math.max(full.top, vp.top), bottom: Math.min(full.bottom, vp.bottom), height: 0 };
      stage.height = stage.bottom - stage.top;
      const controls = document.querySelector(`${tag} .widget-controls`)!.getBoundingClientRect();
      return {
        scale: full.width / stageEl.offsetWidth,
        sw: d.scrollWidth, sh: d.scrollHeight, iw: innerWidth, ih: innerHeight, w: r.width, h: r.height,
        overlap: Math.min(
          Math.max(0, Math.min(stage.right, controls.right) - Math.max(stage.left, controls.left)),
          Math.max(0, Math.min(stage.bottom, controls.bottom) - Math.max(stage.top, controls.top))),
        stageBottom: stage.bottom, stageHeight: stage.height, ih2: innerHeight,
        paths: document.querySelectorAll(`${tag} .widget-stage path`).length, embedButton: document.querySelectorAll('.embed-code').length,
      };
    }, schema.tag);
    expect(box.sw).toBeLessThanOrEqual(box.iw);
    expect(box.sh).toBeLessThanOrEqual(box.ih);
    expect(box.w).toBeGreaterThan(box.iw * 0.9);
    expect(box.h).toBeGreaterThan(box.ih * 0.8);
    expect(box.paths).toBeGreaterThan(0);
    // The drawing is scaled to fit beside or above the controls, never under them, and inside the frame.
    expect(box.overlap, 'pixels of the drawing under the controls').toBeLessThan(1);
    expect(box.stageBottom).toBeLessThanOrEqual(box.ih2);
    expect(box.stageHeight).toBeGreaterThan(box.ih * 0.3);
    // Never shrunk below legibility (src/ui/fit.ts MIN_SCALE): a tall figure scrolls in its box instead.
    expect(box.scale).toBeGreaterThan(0.599);
    expect(box.embedButton).toBe(0);
    // An analytic figure never starts a worker, so TensorFlow.js is never fetched for it.
    if (!schema.needsTf) expect(w.page.workers(), 'workers started by an analytic widget').toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.external()).toEqual([]);
    await w.page.context().close();
  });

  it.each([[375, 640], [320, 400]])('works in a %ix%i frame: no scrolling, drawing not under the controls, and at least a quarter of the height', async (width, height) => {
    const w = await watchedPage(browser, { width, height });
    await w.page.goto(`${base}embed.html?widget=${schema.name}`, { waitUntil: 'load' });
    await ready(w.page, schema.tag);
    const r = await w.page.evaluate((tag) => {
      const stageEl = document.querySelector<HTMLElement>(`${tag} .widget-stage`)!;
      const full = stageEl.getBoundingClientRect();
      const vp = document.querySelector(`${tag} .widget-viewport`)!.getBoundingClientRect();
      const stage = { top: Math.max(full.top, vp.top), bottom: Math.min(full.bottom, vp.bottom), right: Math.min(full.right, vp.right) };
      const controls = document.querySelector(`${tag} .widget-controls`)!.getBoundingClientRect();
      const d = document.documentElement;
      return { sw: d.scrollWidth, sh: d.scrollHeight, iw: innerWidth, ih: innerHeight, overlap: Math.max(0, Math.min(stage.bottom, controls.bottom) - Math.max(stage.top, controls.top)), right: stage.right, stageHeight: stage.bottom - stage.top, scale: full.width / stageEl.offsetWidth };
    }, schema.tag);
    // A 320x400 frame used to show only sliders: the controls took the whole height and the drawing got none.
    expect(r.stageHeight, 'drawn height').toBeGreaterThan(r.ih / 4);
    expect(r.scale, 'scale of the drawing').toBeGreaterThan(0.599);
    expect(r.sw).toBeLessThanOrEqual(r.iw);
    expect(r.sh).toBeLessThanOrEqual(r.ih);
    expect(r.overlap).toBeLessThan(1);
    expect(r.right).toBeLessThanOrEqual(r.iw);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('clamps a bad parameter with a visible notice, keeps state in the URL, and a reload restores it', async () => {
    const w = await watchedPage(browser, FRAME);
    const [p, spec] = numericParam(schema.params);
    const [q, qspec] = numericParam(schema.params, [p]);
    await w.page.goto(`${base}embed.html?widget=${schema.name}&${p}=999999&bogus=1&${q}=abc`, { waitUntil: 'load' });
    const values = await ready(w.page, schema.tag);
    expect(values[p]).toBe(spec.max);
    const notice = w.page.locator('.embed-notices');
    expect(await notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain(`${p}: 999999 is outside`);
    expect(text).toContain('unknown parameter "bogus" ignored');
    expect(text).toContain(`${q}: "abc" is not a number`);
    expect(values[q]).toBe((qspec as { default: number }).default);
    const search = new URLSearchParams(await w.page.evaluate(() => location.search));
    expect(search.get('widget')).toBe(schema.name);
    expect(search.has('bogus')).toBe(false);
    expect(search.get(p)).toBe(spec.max === (spec as { default: number }).default ? null : String(spec.max));

    // Change another parameter with its slider: the URL follows (replaceState, no new history entry).
    const historyLength = await w.page.evaluate(() => history.length);
    await w.page.evaluate(({ tag, q }) => {
      const input = document.querySelector<HTMLInputElement>(`${tag} [data-param="${q}"] input[type=range]`)!;
      input.value = String(Number(input.min) + (Number(input.max) - Number(input.min)) * 0.8);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, { tag: schema.tag, q });
    const changed = await w.page.evaluate((t) => (document.querySelector(t) as unknown as { values: Record<string, unknown> }).values, schema.tag);
    expect(changed[q]).not.toBe(values[q]);
    const search2 = new URLSearchParams(await w.page.evaluate(() => location.search));
    expect(Number(search2.get(q))).toBeCloseTo(changed[q] as number, 6);
    expect(await w.page.evaluate(() => history.length)).toBe(historyLength);
    expect(qspec.min).toBeLessThan(qspec.max);

    await w.page.reload({ waitUntil: 'load' });
    const restored = await ready(w.page, schema.tag);
    expect(restored).toEqual(changed);
    expect(await w.page.locator('.embed-notices').isVisible()).toBe(false);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('controls= picks the controls shown and notes unknown names', async () => {
    const w = await watchedPage(browser, FRAME);
    const [p] = numericParam(schema.params);
    await w.page.goto(`${base}embed.html?widget=${schema.name}&controls=${p},nonsense`, { waitUntil: 'load' });
    await ready(w.page, schema.tag);
    const shown = await w.page.evaluate((t) => Array.from(document.querySelectorAll<HTMLElement>(`${t} .widget-controls .control`), (c) => c.dataset.param), schema.tag);
    expect(shown).toEqual([p]);
    expect(await w.page.locator('.embed-notices').textContent()).toContain('unknown control "nonsense" ignored');
    expect(new URLSearchParams(await w.page.evaluate(() => location.search)).get('controls')).toBe(p);
    await w.page.context().close();
  });
});

describe('embed.html without a valid widget', () => {
  it.each([
    ['?widget=kernal-recursion', 'Unknown widget "kernal-recursion". Did you mean "kernel-recursion"?'],
    ['?widget=%3Cscript%3E', 'Unknown widget "<script>"'],
    ['', 'No widget chosen'],
  ])('%s shows a message listing the available widgets', async (query, headline) => {
    const w = await watchedPage(browser, FRAME);
    await w.page.goto(`${base}embed.html${query}`, { waitUntil: 'load' });
    const message = w.page.locator('.embed-message');
    await message.waitFor({ state: 'visible' });
    const text = (await message.textContent()) ?? '';
    expect(text).toContain(headline);
    for (const name of Object.keys(widgetSchemas)) expect(text).toContain(name);
    expect(await w.page.locator('script:not([src])').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });
});

describe('widgets.js on another page', () => {
  /** A page on the same server (routed by Playwright) that loads widgets.js, with the figure in a scaled box. */
  async function hostPage(scale: number): Promise<ReturnType<typeof watchedPage>> {
    const w = await watchedPage(browser, { width: 1000, height: 800 });
    const url = `${base}slide-host.html`;
    await w.page.route(url, (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./assets/widgets.js"></script></head>
        <body style="margin:0"><div id="wrap" style="width: 900px; transform-origin: 0 0; transform: scale(${scale});">
        <ntk-phase-diagram eager weightvariance="1" biasvariance="0.1"></ntk-phase-diagram>
        <ntk-kernel-recursion depth="7" controls="depth"></ntk-kernel-recursion></div></body></html>`,
    }));
    await w.page.goto(url, { waitUntil: 'load' });
    return w;
  }

  it('defines the elements, injects the widget styles once, reads attributes', async () => {
    const w = await hostPage(1);
    await ready(w.page, 'ntk-phase-diagram');
    const values = await ready(w.page, 'ntk-kernel-recursion');
    expect(values.depth).toBe(7);
    expect(await w.page.locator('style#ntk-widget-style').count()).toBe(1);
    expect(await w.page.locator('ntk-kernel-recursion .widget-controls .control').count()).toBe(1);
    expect(w.errors).toEqual([]);
    expect(w.external()).toEqual([]);
    await w.page.context().close();
  });

  it('pointer positions are right under a CSS transform: the same spot picks the same values at scale 1 and 0.5', async () => {
    const pick = async (scale: number): Promise<Values> => {
      const w = await hostPage(scale);
      await ready(w.page, 'ntk-phase-diagram');
      const target = await w.page.evaluate(() => {
        const svg = document.querySelector('ntk-phase-diagram .widget-stage svg[tabindex]')!;
        const r = svg.getBoundingClientRect();
        return { x: r.left + r.width * 0.45, y: r.top + r.height * 0.4 };
      });
      await w.page.mouse.click(target.x, target.y);
      const v = await w.page.evaluate(() => (document.querySelector('ntk-phase-diagram') as unknown as { values: Record<string, unknown> }).values);
      expect(w.errors).toEqual([]);
      await w.page.context().close();
      return { weightVariance: v.weightVariance, biasVariance: v.biasVariance };
    };
    const full = await pick(1);
    const half = await pick(0.5);
    expect(full).not.toEqual({ weightVariance: 1, biasVariance: 0.1 });
    expect(half).toEqual(full);
  });
});
