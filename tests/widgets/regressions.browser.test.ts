/**
 * Regressions found by breaking the analytic widgets, the host element and
 * the embed page in Chromium (each test failed before its fix).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { mount, type GpPosteriorSnapshot } from '../../src/widgets/gp-posterior/mount';
import { mount as mountKernelRecursion } from '../../src/widgets/kernel-recursion/mount';
import { kernelRecursionParams, type KernelRecursionParams } from '../../src/widgets/kernel-recursion/schema';
import { mount as mountPhaseDiagram } from '../../src/widgets/phase-diagram/mount';
import { phaseDiagramParams } from '../../src/widgets/phase-diagram/schema';
import { gpPosteriorParams, type GpPosteriorParams } from '../../src/widgets/gp-posterior/schema';
import { defaultsOf } from '../../src/ui/params';
import { showNotices } from '../../src/ui/notices';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement, WidgetParamsDetail } from '../../src/widgets/element';
import { mountWithFakeHost, pathData, type FakeHost } from './analytic-widgets-harness';
import { until } from './element-fixture';

const defaults = (): GpPosteriorParams => defaultsOf(gpPosteriorParams);
let host: FakeHost<GpPosteriorParams> | null = null;
const extra: HTMLElement[] = [];
afterEach(() => {
  host?.cleanup();
  host = null;
  for (const e of extra.splice(0)) e.remove();
});
const snap = (): GpPosteriorSnapshot => host!.instance.snapshot() as GpPosteriorSnapshot;
const lastStatus = (): { message: string; kind?: string } | undefined => host!.statuses.at(-1);
const microtask = (): Promise<void> => new Promise((r) => queueMicrotask(r));

describe('gp-posterior: posteriors far outside the plot', () => {
  it('NTK of depth 20 with σ_w² = 4: the ±2σ band is clipped to the plot, not drawn over the legend, readout and controls', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), kernel: 'ntk', depth: 20, weightVariance: 4, biasVariance: 1, samples: 10 });
    const band = host.stage.querySelector<SVGPathElement>('path.posterior-band')!;
    const clip = band.closest('svg.plot-clip') as SVGSVGElement | null;
    expect(clip).not.toBeNull();
    expect(clip!.getAttribute('overflow')).toBe('hidden');
    // The clip viewport is the plotting area (same size as the click target that covers it).
    const hit = host.stage.querySelector('g.hit rect')!;
    expect(clip!.getAttribute('width')).toBe(hit.getAttribute('width'));
    expect(clip!.getAttribute('height')).toBe(hit.getAttribute('height'));
    for (const p of host.stage.querySelectorAll('path.sample, path.posterior-mean')) expect(p.closest('svg.plot-clip')).toBe(clip);
    // Hit-testing sees the readout below the plot, not a band or sample painted over it.
    const readout = host.stage.querySelector('.viz-readout')!.getBoundingClientRect();
    const under = document.elementFromPoint(readout.left + 5, readout.top + readout.height / 2);
    expect(under?.closest('.viz-readout')).not.toBeNull();
    expect(lastStatus()?.message).toMatch(/band reaches ±1\.\d+e\+4, beyond the plotted range/);
    for (const d of pathData(host.stage)) expect(d).not.toMatch(/NaN/);
  });

  it('noise 0 with disagreeing targets at x = −π and x = π (the same point on the circle) warns that the mean leaves the plot', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX: [-3.14159, 3.14159], trainY: [3, -3], noise: 0 });
    expect(Math.max(...snap().mean.map(Math.abs))).toBeGreaterThan(1e3);
    expect(lastStatus()?.kind).toBe('warn');
    expect(lastStatus()?.message).toMatch(/posterior mean reaches ±\S+, far outside the plot/);
    host.instance.update({ noise: 0.05 });
    expect(Math.max(...snap().mean.map(Math.abs))).toBeLessThan(8);
    expect(lastStatus()?.message ?? '').not.toMatch(/outside the plot/);
  });
});

describe('gp-posterior: samples of an ill-conditioned posterior', () => {
  it('RBF ℓ = 3, 40 points, noise 0: samples are drawn (they were refused as "not positive semi-definite") and hug the mean', () => {
    const trainX = Array.from({ length: 40 }, (_, i) => Number((-3 + (i * 6) / 39).toFixed(3)));
    const trainY = trainX.map((x) => Number(Math.sin(x).toFixed(2)));
    host = mountWithFakeHost({ mount }, { ...defaults(), kernel: 'rbf', lengthscale: 3, noise: 0, samples: 10, trainX, trainY });
    const s = snap();
    expect(s.samples).toHaveLength(10);
    expect(host.stage.querySelectorAll('path.sample')).toHaveLength(10);
    const meanAt = s.sampleX.map((x) => s.mean[s.x.indexOf(x)]);
    for (const sample of s.samples) {
      sample.forEach((v, i) => {
        expect(Number.isFinite(v)).toBe(true);
        // The jitter adds at most sd 1e-3 (1e-6 of the unit prior variance); 6 of those is a generous bound.
        expect(Math.abs(v - meanAt[i])).toBeLessThan(6e-3 + 6 * s.sd[2 * i]);
      });
    }
    expect(host.statuses.some((st) => /could not be drawn/.test(st.message))).toBe(false);
  });

  it('noise 0 with repeated inputs: the jitter the Cholesky needed is reported as a note', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX: [1, 1], trainY: [-2, 2], noise: 0 });
    expect(lastStatus()).toMatchObject({ kind: 'info' });
    expect(lastStatus()?.message).toMatch(/numerically singular.*jitter of \d\.\de-\d+/);
    expect(Math.abs(snap().mean[snap().x.length >> 1])).toBeLessThan(0.01);
  });
});

describe('gp-posterior: footer messages', () => {
  it('"at most 40 points" stays visible after Enter (the cursor redraw cleared it) and goes at the next change', () => {
    const trainX = Array.from({ length: 40 }, (_, i) => -3 + i * 0.15);
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX, trainY: trainX.map(() => 0) });
    const svg = host.stage.querySelector<SVGSVGElement>('.viz-chart > svg')!;
    svg.focus();
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(host.setParamsCalls).toHaveLength(0);
    expect(lastStatus()?.message).toBe('At most 40 training points: remove one first.');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, cancelable: true }));
    expect(lastStatus()?.message).toBe('At most 40 training points: remove one first.');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, cancelable: true }));
    expect(snap().train.x).toHaveLength(39);
    expect(lastStatus()?.message).toBe('');
  });

  it('trainX and trainY of different lengths: the longer list is shortened through setParams, and the note stays', async () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX: [-1, 0, 1], trainY: [0.5] });
    expect(host.setParamsCalls).toHaveLength(0);
    await microtask();
    expect(host.setParamsCalls).toEqual([{ trainX: [-1], trainY: [0.5] }]);
    expect(lastStatus()).toMatchObject({ kind: 'warn', message: 'trainX has 3 values and trainY 1 value: using the first pair.' });
    host.instance.update({ depth: 4 });
    expect(lastStatus()?.message).toBe('');
  });
});

describe('gp-posterior element: length mismatch normalizes the parameters (and so the embed URL)', () => {
  it('attributes trainx="1,2,3" trainy="1" end as one pair, announced by widget-params', async () => {
    defineWidgets();
    const box = document.createElement('div');
    box.style.width = '800px';
    extra.push(box);
    document.body.append(box);
    box.innerHTML = '<ntk-gp-posterior eager trainx="1,2,3" trainy="1"></ntk-gp-posterior>';
    const el = box.firstElementChild as WidgetElement;
    const events: WidgetParamsDetail[] = [];
    el.addEventListener('widget-params', (e) => events.push((e as CustomEvent<WidgetParamsDetail>).detail));
    await el.whenReady();
    await until(() => events.length > 0);
    expect(el.values.trainX).toEqual([1]);
    expect(el.values.trainY).toEqual([1]);
    expect(events[0]).toMatchObject({ source: 'widget', changed: ['trainX'] });
    expect(el.querySelector('.widget-status')?.textContent).toContain('using the first pair');
  });

  it('setParams({ trainX: "0.5,-1" }) (a string, as in an attribute) sets two points instead of clearing them all', async () => {
    defineWidgets();
    const box = document.createElement('div');
    box.style.width = '800px';
    extra.push(box);
    document.body.append(box);
    box.innerHTML = '<ntk-gp-posterior eager></ntk-gp-posterior>';
    const el = box.firstElementChild as WidgetElement;
    await el.whenReady();
    el.setParams({ trainX: '0.5,-1', trainY: '1,2' });
    expect((el.snapshot() as GpPosteriorSnapshot).train).toEqual({ x: [0.5, -1], y: [1, 2] });
  });
});

describe('kernel-recursion: unnormalized kernels over many orders of magnitude', () => {
  it('y tick labels fit inside the chart (σ_w² = 4: ~1e16 was cut to "000,000"; σ_w² = 0.1: ~1e-65)', () => {
    for (const weightVariance of [4, 0.1]) {
      const p: KernelRecursionParams = { ...defaultsOf(kernelRecursionParams), depth: 50, weightVariance, biasVariance: 0, normalize: false };
      const h = mountWithFakeHost({ mount: mountKernelRecursion }, p);
      try {
        const svg = h.stage.querySelector<SVGSVGElement>('.viz-chart > svg')!;
        const left = svg.getBoundingClientRect().left;
        const labels = Array.from(svg.querySelectorAll('g.axis-y .tick text'));
        expect(labels.length).toBeGreaterThan(2);
        for (const t of labels) {
          expect(t.getBoundingClientRect().left).toBeGreaterThanOrEqual(left - 1);
          expect(t.textContent!.length).toBeLessThanOrEqual(7);
        }
        expect(labels.some((t) => /e/.test(t.textContent!))).toBe(true);
      } finally {
        h.cleanup();
      }
    }
  });

  it('normalized kernels keep plain decimal labels', () => {
    const h = mountWithFakeHost({ mount: mountKernelRecursion }, defaultsOf(kernelRecursionParams));
    try {
      const labels = Array.from(h.stage.querySelectorAll('.viz-chart > svg g.axis-y .tick text'), (t) => t.textContent);
      expect(labels).toContain('1.0');
      expect(labels.join(' ')).not.toMatch(/e/);
    } finally {
      h.cleanup();
    }
  });
});

describe('phase-diagram: layer axis', () => {
  it('shows whole layers only (depth 3 showed 0.5, 1.5, 2.5)', () => {
    for (const depth of [1, 2, 3, 7, 200]) {
      const h = mountWithFakeHost({ mount: mountPhaseDiagram }, { ...defaultsOf(phaseDiagramParams), depth });
      try {
        const depthSvg = h.stage.querySelectorAll<SVGSVGElement>('.viz-chart > svg')[1];
        const labels = Array.from(depthSvg.querySelectorAll('g.axis-x .tick text'), (t) => t.textContent ?? '');
        expect(labels.length).toBeGreaterThanOrEqual(2);
        for (const t of labels) expect(t).toMatch(/^\d+$/);
        expect(Number(labels.at(-1))).toBeLessThanOrEqual(depth);
      } finally {
        h.cleanup();
      }
    }
  });
});

describe('notices', () => {
  it('a notice with a 3000-character token wraps inside its box and the dismiss button stays visible', () => {
    const box = document.createElement('div');
    box.style.width = '320px';
    box.className = 'widget';
    extra.push(box);
    document.body.append(box);
    const notices = document.createElement('div');
    box.append(notices);
    showNotices(notices, [`trainX: "${'x'.repeat(3000)}" is not a number (dropped)`, 'depth: 1e+308 is outside [1, 50]; using 50']);
    const outer = notices.getBoundingClientRect();
    expect(notices.scrollWidth).toBeLessThanOrEqual(notices.clientWidth + 1);
    const close = notices.querySelector('.notices-close')!.getBoundingClientRect();
    expect(close.width).toBeGreaterThan(0);
    expect(close.right).toBeLessThanOrEqual(outer.right + 0.5);
    for (const li of notices.querySelectorAll('li')) expect(li.getBoundingClientRect().right).toBeLessThanOrEqual(outer.right + 0.5);
  });

  it('notices outside a widget host (the embed page puts them above it) are still coloured as warnings', () => {
    const notices = document.createElement('div');
    extra.push(notices);
    document.body.append(notices);
    showNotices(notices, ['depth: 70 is outside [1, 50]; using 50']);
    const cs = getComputedStyle(notices);
    expect(cs.backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
    expect(cs.color).not.toBe(getComputedStyle(document.body).color);
  });
});

describe('focus ring of the focusable plots', () => {
  it('is drawn inside the SVG (an outer ring is clipped at the sides when the stage fills its box)', async () => {
    host = mountWithFakeHost({ mount }, defaults());
    host.box.classList.add('widget');
    const svg = host.stage.querySelector<SVGSVGElement>('.viz-chart > svg')!;
    const before = document.createElement('button');
    host.box.prepend(before);
    before.focus();
    await userEvent.tab();
    expect(document.activeElement).toBe(svg);
    expect(svg.matches(':focus-visible')).toBe(true);
    const cs = getComputedStyle(svg);
    expect(cs.outlineStyle).toBe('solid');
    expect(parseFloat(cs.outlineWidth)).toBeGreaterThanOrEqual(2);
    expect(parseFloat(cs.outlineOffset)).toBeLessThanOrEqual(-parseFloat(cs.outlineWidth));
  });
});

describe('embed page', () => {
  it('?widget=__proto__, constructor, toString show the list of widgets instead of throwing', async () => {
    const root = document.createElement('main');
    root.id = 'embed-root';
    extra.push(root);
    document.body.append(root);
    // Importing the page runs it once on the test page's own URL (no widget: the list).
    const { startEmbed } = await import('../../src/embed');
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(() => startEmbed(root, `?widget=${name}`)).not.toThrow();
      expect(root.querySelector('.embed-message-title')?.textContent).toBe(`Unknown widget "${name}".`);
      expect(root.querySelectorAll('.embed-widget-list a').length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('control labels', () => {
  it('set `_w` as a subscript instead of showing a literal underscore (σ_w² read "σ_w²" on every widget)', async () => {
    const { buildControl } = await import('../../src/ui/controls/index');
    const c = buildControl('weightVariance', { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance σ_w²' }, 2, () => {})!;
    const label = c.element.querySelector('.control-label')!;
    expect(label.textContent).toBe('weight variance σw²');
    expect(label.querySelector('sub')?.textContent).toBe('w');
    const plain = buildControl('depth', { kind: 'int', min: 1, max: 8, default: 2, label: 'depth L' }, 2, () => {})!;
    expect(plain.element.querySelector('.control-label')!.innerHTML).toBe('depth L');
    const braces = buildControl('eta', { kind: 'float', min: 0, max: 1, step: 0.1, default: 0.5, label: 'η / η_{max}' }, 0.5, () => {})!;
    expect(braces.element.querySelector('.control-label sub')?.textContent).toBe('max');
    // Greek subscripts too, and a superscript right after the subscript stays outside it (σ_ε²: ε, then ²).
    const greek = buildControl('noise', { kind: 'float', min: 0, max: 1, step: 0.1, default: 0.5, label: 'noise variance σ_ε²' }, 0.5, () => {})!;
    expect(greek.element.querySelector('.control-label sub')?.textContent).toBe('ε');
    expect(greek.element.querySelector('.control-label')!.textContent).toBe('noise variance σε²');
  });
});
