/**
 * The generic widget element, with a fake widget: lazy hydration, controls
 * built from the schema, one-way data flow, render timing, seed/reset,
 * errors shown in the figure, embed code.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineFake, pathFor, until, type FakeLog } from './element-fixture';
import { RENDER_EVENT, type WidgetRenderDetail } from '../../src/widgets/contract';
import type { WidgetElement } from '../../src/widgets/element';
import type { ParamValue } from '../../src/ui/params';
import { localPointer, toViewBox } from '../../src/ui/pointer';

let log: FakeLog;
let failing: FakeLog;
let failingUpdate: FakeLog;

beforeAll(() => {
  log = defineFake('test-fake');
  failing = defineFake('test-broken', { failMount: true });
  failingUpdate = defineFake('test-badupdate', { failUpdate: true });
  defineFake('test-noload', { failLoad: true });
});

const hosts: HTMLElement[] = [];
afterEach(() => { for (const h of hosts.splice(0)) h.remove(); window.scrollTo(0, 0); });

function put(html: string, style = ''): HTMLElement {
  const host = document.createElement('div');
  host.style.cssText = style;
  host.innerHTML = html;
  document.body.append(host);
  hosts.push(host);
  return host;
}
const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
const snap = (el: WidgetElement): { d: string; params: Record<string, ParamValue> } => el.snapshot() as { d: string; params: Record<string, ParamValue> };

describe('widget element', () => {
  it('mounts only when it nears the viewport, and keeps the static fallback until then', async () => {
    const mountsBefore = log.mounts;
    const host = put('<test-fake count="4"><p class="static">Static description</p></test-fake>', 'margin-top: 6000px');
    const el = host.querySelector('test-fake') as WidgetElement;
    await frame(); await frame(); await frame();
    expect(el.state).toBe('idle');
    expect(log.mounts).toBe(mountsBefore);
    expect(el.querySelector('.widget-fallback .static')?.textContent).toBe('Static description');
    expect(el.snapshot()).toBeNull();
    el.scrollIntoView();
    await until(() => el.state === 'ready');
    expect(log.mounts).toBe(mountsBefore + 1);
    expect(getComputedStyle(el.querySelector('.widget-fallback')!).display).toBe('none');
    expect(snap(el).d).toBe(el.querySelector('.widget-stage path')!.getAttribute('d'));
  });

  it('builds one accessible control per parameter (not seed, not control:false lists)', async () => {
    const el = put('<test-fake eager></test-fake>').querySelector('test-fake') as WidgetElement;
    const names = Array.from(el.querySelectorAll<HTMLElement>('.widget-controls .control'), (c) => c.dataset.param);
    expect(names).toEqual(['count', 'rate', 'width', 'mode', 'flavour', 'flag']);
    for (const input of el.querySelectorAll<HTMLInputElement>('input[type=range]')) {
      const label = el.querySelector(`label[for="${input.id}"]`);
      expect(label?.textContent).toBeTruthy();
      expect(input.getAttribute('aria-valuetext')).toBeTruthy();
    }
    const rate = el.querySelector<HTMLInputElement>('[data-param=rate] input')!;
    expect(rate.getAttribute('aria-valuetext')).toBe('0.5 per step');
    expect(el.querySelector('[data-param=rate] output')!.textContent).toBe('0.5');
    expect(el.querySelectorAll('[data-param=mode] input[type=radio]').length).toBe(3);
    expect(el.querySelector('[data-param=flavour] select')).not.toBeNull();
    expect(el.querySelector('[data-param=flag] input')!.getAttribute('role')).toBe('switch');
    expect(el.querySelector('.widget-seed-value')!.textContent).toBe('1');
  });

  it('reads attributes case-insensitively, clamps bad ones with a visible notice', async () => {
    const el = put('<test-fake eager count="99" WIDTH="100" mode="B" rate="abc"></test-fake>').querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    expect(el.values.count).toBe(10);
    expect(el.values.width).toBe(100);
    expect(el.values.mode).toBe('b');
    expect(el.values.rate).toBe(0.5);
    const notices = el.querySelector<HTMLElement>('.widget-notices')!;
    expect(notices.hidden).toBe(false);
    expect(notices.textContent).toContain('count: 99 is outside [1, 10]; using 10');
    expect(notices.textContent).toContain('rate: "abc" is not a number');
    expect(snap(el).params.count).toBe(10);
  });

  it('a slider change updates the drawn path, the snapshot, and emits widget-render with the time since the input', async () => {
    const el = put('<test-fake eager></test-fake>').querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    const before = snap(el).d;
    const renders: number[] = [];
    el.addEventListener(RENDER_EVENT, (e) => renders.push((e as CustomEvent<WidgetRenderDetail>).detail.durationMs));
    const input = el.querySelector<HTMLInputElement>('[data-param=count] input')!;
    input.value = '7';
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const elapsed = performance.now() - t0;
    expect(log.updates.at(-1)).toEqual({ count: 7 });
    const after = snap(el).d;
    expect(after).not.toBe(before);
    expect(after).toBe(pathFor({ ...el.values }));
    expect(el.querySelector('.widget-stage path')!.getAttribute('d')).toBe(after);
    expect(renders.length).toBe(1);
    expect(renders[0]).toBeGreaterThanOrEqual(0);
    expect(renders[0]).toBeLessThanOrEqual(elapsed + 1);
    expect(el.querySelector('[data-param=count] output')!.textContent).toBe('7');
  });

  it('ctx.setParams from the widget is clamped, shown in the controls and sent back through update', async () => {
    const el = put('<test-fake eager></test-fake>').querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    const params: string[][] = [];
    el.addEventListener('widget-params', (e) => params.push((e as CustomEvent<{ changed: string[] }>).detail.changed));
    log.ctx!.setParams({ rate: 0.9, count: 1000, points: [0.1, 5] });
    expect(el.values.rate).toBe(0.9);
    expect(el.values.count).toBe(10);
    expect(el.values.points).toEqual([0.1, 1]);
    expect(el.querySelector<HTMLInputElement>('[data-param=rate] input')!.value).toBe('0.9');
    expect(log.updates.at(-1)).toEqual({ rate: 0.9, count: 10, points: [0.1, 1] });
    expect(params).toEqual([['rate', 'count', 'points']]);
  });

  it('new seed changes the seed deterministically; reset restores the initial params and calls instance.reset', async () => {
    const el = put('<test-fake eager count="2" seed="5"></test-fake>').querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    const newSeed = el.querySelector<HTMLButtonElement>('.widget-new-seed')!;
    newSeed.click();
    const s1 = el.values.seed;
    expect(s1).not.toBe(5);
    expect(el.querySelector('.widget-seed-value')!.textContent).toBe(String(s1));
    const input = el.querySelector<HTMLInputElement>('[data-param=count] input')!;
    input.value = '9';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const resets = log.resets;
    el.querySelector<HTMLButtonElement>('.widget-reset')!.click();
    expect(el.values.count).toBe(2);
    expect(el.values.seed).toBe(5);
    expect(input.value).toBe('2');
    expect(log.resets).toBe(resets + 1);
    expect(snap(el).params.seed).toBe(5);
  });

  it('pauses when off-screen and resumes when back', async () => {
    const el = put('<test-fake></test-fake><div style="height: 5000px"></div>').querySelector('test-fake') as WidgetElement;
    await until(() => el.state === 'ready');
    const n = log.active.length;
    window.scrollTo(0, 4000);
    await until(() => log.active.length > n);
    expect(log.active.at(-1)).toBe(false);
    window.scrollTo(0, 0);
    await until(() => log.active.at(-1) === true);
  });

  it('controls="…" picks controls; controls="" shows none', async () => {
    const a = put('<test-fake eager controls="mode,COUNT,nope"></test-fake>').querySelector('test-fake') as WidgetElement;
    expect(Array.from(a.querySelectorAll<HTMLElement>('.widget-controls .control'), (c) => c.dataset.param)).toEqual(['count', 'mode']);
    const b = put('<test-fake eager controls=""></test-fake>').querySelector('test-fake') as WidgetElement;
    expect(b.querySelectorAll('.widget-controls .control').length).toBe(0);
    expect(b.querySelector<HTMLElement>('.widget-controls')!.hidden).toBe(true);
  });

  it('attribute changes after mount update the widget', async () => {
    const el = put('<test-fake eager></test-fake>').querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    el.setAttribute('count', '6');
    expect(el.values.count).toBe(6);
    expect(log.updates.at(-1)).toEqual({ count: 6 });
  });

  it('a throwing mount shows a readable message, logs once, and never leaves a blank box', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const el = put('<test-broken eager><p>fallback text</p></test-broken>').querySelector('test-broken') as WidgetElement;
    await expect(el.whenReady()).rejects.toThrow('no data');
    expect(failing.mounts).toBe(1);
    const box = el.querySelector<HTMLElement>('.widget-error')!;
    expect(box.hidden).toBe(false);
    expect(box.textContent).toContain('could not be drawn');
    expect(box.textContent).toContain('fake mount exploded: no data');
    expect(box.getBoundingClientRect().height).toBeGreaterThan(10);
    expect(el.dataset.state).toBe('error');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('a failing update or loader is reported once, in the figure', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const el = put('<test-badupdate eager></test-badupdate>').querySelector('test-badupdate') as WidgetElement;
    await el.whenReady();
    expect(failingUpdate.mounts).toBeGreaterThan(0);
    const input = el.querySelector<HTMLInputElement>('[data-param=count] input')!;
    for (const v of ['4', '5', '6']) { input.value = v; input.dispatchEvent(new Event('input', { bubbles: true })); }
    expect(el.querySelector('.widget-error')!.textContent).toContain('fake update exploded');
    expect(spy).toHaveBeenCalledTimes(1);
    const el2 = put('<test-noload eager></test-noload>').querySelector('test-noload') as WidgetElement;
    await expect(el2.whenReady()).rejects.toThrow('chunk failed to load');
    expect(el2.querySelector('.widget-error')!.textContent).toContain('chunk failed to load');
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('embed code: iframe URL and element snippet carry the current params; copy confirms or falls back to selection', async () => {
    const el = put('<test-fake eager></test-fake>').querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    el.setParams({ count: 8, mode: 'c' });
    const details = el.querySelector<HTMLDetailsElement>('details.embed-code')!;
    details.open = true;
    await until(() => el.querySelectorAll<HTMLTextAreaElement>('.embed-text')[0].value !== '');
    const [iframe, element] = Array.from(el.querySelectorAll<HTMLTextAreaElement>('.embed-text'), (t) => t.value);
    expect(iframe).toMatch(/^<iframe src="http:\/\/[^"]+\/embed\.html\?widget=fake&amp;count=8&amp;mode=c"/);
    expect(element).toContain('<test-fake count="8" mode="c"></test-fake>');
    expect(element).toMatch(/<script type="module" src="[^"]+"><\/script>/);

    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    let written = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => { written = t; } } });
    const buttons = el.querySelectorAll<HTMLButtonElement>('.embed-copy');
    buttons[0].click();
    await until(() => el.querySelectorAll('.embed-status')[0].textContent !== '');
    expect(el.querySelectorAll('.embed-status')[0].textContent).toBe('Copied');
    expect(written).toBe(iframe);

    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    buttons[1].click();
    await until(() => el.querySelectorAll('.embed-status')[1].textContent !== '');
    expect(el.querySelectorAll('.embed-status')[1].textContent).toContain('press Ctrl+C');
    const area = el.querySelectorAll<HTMLTextAreaElement>('.embed-text')[1];
    expect(document.activeElement).toBe(area);
    expect(area.selectionEnd - area.selectionStart).toBe(area.value.length);
    delete (navigator as unknown as Record<string, unknown>).clipboard;
    if (original) Object.defineProperty(Navigator.prototype, 'clipboard', original);
  });

  it('removing the element destroys the instance', async () => {
    const host = put('<test-fake eager></test-fake>');
    const el = host.querySelector('test-fake') as WidgetElement;
    await el.whenReady();
    const d = log.destroys;
    el.remove();
    expect(log.destroys).toBe(d + 1);
    expect(el.state).toBe('idle');
  });
});

describe('localPointer under a CSS transform', () => {
  it('maps client coordinates to the element\'s own pixels and viewBox units at any scale', () => {
    for (const scale of [1, 0.5, 1.7]) {
      const host = put(`<div style="transform: scale(${scale}); transform-origin: 0 0; width: 400px">
        <div class="target" style="width: 200px; height: 100px; margin-left: 30px"></div>
        <svg class="plot" viewBox="0 0 400 100" style="width: 200px; height: 100px; display: block"></svg></div>`);
      const target = host.querySelector('.target')!;
      const r = target.getBoundingClientRect();
      const p = localPointer({ clientX: r.left + r.width * 0.25, clientY: r.top + r.height * 0.5 }, target);
      expect(p.x).toBeCloseTo(50, 6);
      expect(p.y).toBeCloseTo(50, 6);
      expect(p.fx).toBeCloseTo(0.25, 9);
      const svg = host.querySelector<SVGSVGElement>('.plot')!;
      const s = svg.getBoundingClientRect();
      // viewBox 400x100 in a 200x100 box (meet): scale 0.5, centred vertically (25px bands).
      const v = toViewBox(localPointer({ clientX: s.left + s.width * 0.5, clientY: s.top + s.height * 0.5 }, svg), svg);
      expect(v.x).toBeCloseTo(200, 6);
      expect(v.y).toBeCloseTo(50, 6);
      host.remove();
    }
  });
});
