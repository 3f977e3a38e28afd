import { afterEach, describe, expect, it } from 'vitest';
import { mount, type GpPosteriorSnapshot } from '../../src/widgets/gp-posterior/mount';
import { gpPosteriorParams, type GpPosteriorParams } from '../../src/widgets/gp-posterior/schema';
import { CURSOR_STEP } from '../../src/widgets/gp-posterior/interaction';
import { gridGram, kernelBetween, xGrid } from '../../src/widgets/gp-posterior/compute';
import { defaultsOf } from '../../src/ui/params';
import { viewBoxToClient } from '../../src/viz/pointer';
import { analyticKernels, embedInputs } from '../../src/core';
import { mountWithFakeHost, pathData, timeUpdates, type FakeHost } from './analytic-widgets-harness';

const defaults = (): GpPosteriorParams => defaultsOf(gpPosteriorParams);
let host: FakeHost<GpPosteriorParams> | null = null;
afterEach(() => { host?.cleanup(); host = null; });
const snap = (): GpPosteriorSnapshot => host!.instance.snapshot() as GpPosteriorSnapshot;
const svg = (): SVGSVGElement => host!.stage.querySelector<SVGSVGElement>('.viz-chart > svg')!;

/** Client coordinates of data point (x, y) in the plot. */
function clientAt(x: number, y: number): [number, number] {
  const el = svg();
  const plot = el.querySelector('g.plot')!;
  const [left, top] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(plot.getAttribute('transform')!)!.slice(1).map(Number);
  const hit = el.querySelector('g.hit rect')!;
  const w = Number(hit.getAttribute('width'));
  const h = Number(hit.getAttribute('height'));
  const [y0, y1] = snap().yDomain;
  return viewBoxToClient(el, left + ((x + Math.PI) / (2 * Math.PI)) * w, top + (1 - (y - y0) / (y1 - y0)) * h);
}
function click([clientX, clientY]: [number, number]): void {
  svg().dispatchEvent(new MouseEvent('click', { clientX, clientY, bubbles: true, cancelable: true }));
}
const nearestIndex = (xs: number[], x: number) => xs.reduce((best, v, i) => (Math.abs(v - x) < Math.abs(xs[best] - x) ? i : best), 0);

describe('gp-posterior widget', () => {
  it('mounts and draws band, mean, samples and training points without NaN', () => {
    host = mountWithFakeHost({ mount }, defaults());
    expect(host.stage.querySelector('path.posterior-band')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(host.stage.querySelector('path.posterior-mean')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(host.stage.querySelectorAll('path.sample')).toHaveLength(3);
    expect(host.stage.querySelectorAll('circle.train-point')).toHaveLength(6);
    for (const d of pathData(host.stage)) expect(d).not.toMatch(/NaN/);
    const text = host.stage.textContent ?? '';
    for (const label of ['posterior mean', 'mean ± 2σ', 'posterior samples', 'training points', 'f(x)', 'input x']) expect(text).toContain(label);
    const s = snap();
    expect(s.x).toHaveLength(199);
    expect(s.sampleX).toHaveLength(100);
    expect(s.sampleX[99]).toBeCloseTo(Math.PI, 5);
    expect(s.samples[0]).toHaveLength(100);
    expect(s.samples).toHaveLength(3);
    expect(host.renders).toBe(1);
  });

  it('noise 0: the mean interpolates the targets; the band is narrow at data and wide away from it', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), noise: 0 });
    const s = snap();
    s.train.y.forEach((y, i) => expect(Math.abs(s.atTrain.mean[i] - y)).toBeLessThan(1e-2));
    for (const sd of s.atTrain.sd) expect(sd).toBeLessThan(0.03);
    // Near a training point vs the middle of the gap between -1.2 and 0.9.
    const near = s.sd[nearestIndex(s.x, s.train.x[0])];
    const gap = s.sd[nearestIndex(s.x, -0.15)];
    expect(gap).toBeGreaterThan(5 * near);
    expect(gap).toBeGreaterThan(0.2);
    // Band = mean ± 2σ.
    const i = nearestIndex(s.x, -0.15);
    expect(s.upper[i] - s.lower[i]).toBeCloseTo(4 * s.sd[i], 4);
    // More noise widens the band at the data.
    host.instance.update({ noise: 0.2 });
    expect(snap().atTrain.sd[0]).toBeGreaterThan(s.atTrain.sd[0] + 0.05);
  });

  it('no training points shows the prior: mean 0, sd = sqrt(K(x, x)) from the core', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX: [], trainY: [] });
    const s = snap();
    for (const m of s.mean) expect(m).toBe(0);
    const k = analyticKernels(embedInputs([0.3]), embedInputs([0.3]), { depth: 3, activation: 'relu', weightVariance: 2, biasVariance: 0.1 });
    for (const sd of s.sd) expect(sd).toBeCloseTo(Math.sqrt(k.nngp[0][0]), 5);
    expect(host.stage.textContent).toContain('no training points: the prior');
    for (const d of pathData(host.stage)) expect(d).not.toMatch(/NaN/);
  });

  it('trainX and trainY of different lengths: uses the shorter, says so', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX: [-1, 0, 1], trainY: [0.5, -0.5] });
    expect(snap().train).toEqual({ x: [-1, 0], y: [0.5, -0.5] });
    expect(host.statuses.at(-1)?.message).toMatch(/using the first 2 pairs/);
    host.instance.update({ trainX: [-1, 0] });
    expect(host.statuses.at(-1)?.message).toBe('');
  });

  it('click on empty plot adds a point where clicked; click on a point removes it (under scale(0.5) too)', () => {
    for (const transform of [undefined, 'scale(0.5)']) {
      host = mountWithFakeHost({ mount }, defaults(), 800, transform);
      click(clientAt(0.1, 1.5));
      const added = host.setParamsCalls.at(-1)!;
      expect(added.trainX).toHaveLength(7);
      expect(added.trainX![6]).toBeCloseTo(0.1, 1);
      expect(Math.abs(added.trainX![6] - 0.1)).toBeLessThan(0.02);
      expect(Math.abs(added.trainY![6] - 1.5)).toBeLessThan(0.03);
      expect(host.stage.querySelectorAll('circle.train-point')).toHaveLength(7);
      // Clicking 3 px (layout) away from the new point removes it.
      const [cx, cy] = clientAt(added.trainX![6], added.trainY![6]);
      click([cx + 1.5, cy - 1]);
      expect(host.setParamsCalls.at(-1)!.trainX).toEqual(defaults().trainX);
      host.cleanup();
      host = null;
    }
  });

  it('keyboard: arrows move the cursor, Enter adds, Delete removes the nearest; keys do not leak', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const el = svg();
    el.focus();
    let leaked = 0;
    const onDoc = () => { leaked += 1; };
    document.addEventListener('keydown', onDoc);
    const key = (k: string) => {
      const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
      el.dispatchEvent(e);
      expect(e.defaultPrevented).toBe(true);
    };
    key('ArrowRight'); key('ArrowRight');
    for (let i = 0; i < 5; i++) key('ArrowUp');
    expect(snap().cursor.x).toBeCloseTo(2 * CURSOR_STEP.x, 5);
    expect(snap().cursor.y).toBeCloseTo(0.5, 9);
    expect(host.stage.querySelector('g.cursor')?.getAttribute('display')).toBeNull();
    key('Enter');
    const added = host.setParamsCalls.at(-1)!;
    expect(added.trainX).toHaveLength(7);
    expect(added.trainX![6]).toBeCloseTo(2 * CURSOR_STEP.x, 2);
    expect(added.trainY![6]).toBe(0.5);
    expect(host.stage.querySelector('.viz-readout')?.textContent).toMatch(/cursor at x = /);
    key('Delete');
    expect(host.setParamsCalls.at(-1)!.trainX).toEqual(defaults().trainX);
    key('ArrowLeft');
    key('Backspace'); // nearest to (π/32, 0.5) is the point at 0.9
    expect(host.setParamsCalls.at(-1)!.trainX).toEqual([-2.6, -1.9, -1.2, 1.6, 2.4]);
    document.removeEventListener('keydown', onDoc);
    expect(leaked).toBe(0);
  });

  it('kernel choice changes the posterior; RBF is not periodic, NNGP is', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), trainX: [3], trainY: [1], noise: 0 });
    const nngp = snap();
    // On the circle, x = -π is next to x = 3: NNGP mean there is close to 1.
    expect(nngp.mean[0]).toBeGreaterThan(0.7);
    host.instance.update({ kernel: 'rbf', lengthscale: 0.5 });
    const rbf = snap();
    expect(rbf.mean[0]).toBeLessThan(0.01);
    host.instance.update({ kernel: 'ntk' });
    const ntk = snap();
    expect(ntk.mean[0]).not.toBeCloseTo(nngp.mean[0], 4);
    for (const d of pathData(host.stage)) expect(d).not.toMatch(/NaN/);
  });

  it('samples are reproducible by seed and change with it', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const a = snap().samples;
    host.instance.update({ seed: 2 });
    const b = snap().samples;
    host.instance.update({ seed: 1 });
    expect(snap().samples).toEqual(a);
    expect(b[0]).not.toEqual(a[0]);
    host.instance.update({ samples: 0 });
    expect(host.stage.querySelectorAll('path.sample')).toHaveLength(0);
  });

  it('never draws NaN across kernels, activations and extreme settings', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const cases: Partial<GpPosteriorParams>[] = [
      { noise: 0, trainX: [1, 1, 1], trainY: [0, 0.5, 1] },
      { kernel: 'ntk', depth: 20, activation: 'tanh', weightVariance: 4, biasVariance: 1 },
      { kernel: 'nngp', depth: 20, activation: 'erf', weightVariance: 0.1, biasVariance: 0 },
      { kernel: 'rbf', lengthscale: 0.05, noise: 0 },
      { kernel: 'rbf', lengthscale: 3, noise: 0.5, samples: 10 },
      { kernel: 'nngp', activation: 'relu', depth: 20, weightVariance: 4, biasVariance: 1, noise: 0, trainX: [-3.14159, 3.14159], trainY: [1, -1] },
    ];
    for (const c of cases) {
      host.instance.update(c);
      for (const d of pathData(host.stage)) expect(d, JSON.stringify(c)).not.toMatch(/NaN/);
    }
  });

  it('K(grid, grid) from one row (stationarity on the circle / of the RBF) equals the full core matrix', () => {
    const grid = xGrid();
    for (const kernel of ['nngp', 'ntk', 'rbf'] as const) {
      for (const activation of ['relu', 'tanh'] as const) {
        const p = { ...defaults(), kernel, activation };
        const fast = gridGram(grid, p);
        const full = kernelBetween(grid, grid, p);
        let err = 0;
        let scale = 0;
        for (let i = 0; i < grid.length; i += 3) {
          for (let j = 0; j < grid.length; j++) {
            err = Math.max(err, Math.abs(fast[i][j] - full[i][j]));
            scale = Math.max(scale, Math.abs(full[i][j]));
          }
        }
        expect(err / scale, `${kernel} ${activation}`).toBeLessThan(1e-10);
      }
    }
  });

  it('redraws well under one frame at default settings (median of 30 updates per kind of change)', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const noise = timeUpdates(host.instance, Array.from({ length: 30 }, (_, i) => ({ noise: 0.005 * (1 + (i % 10)) })));
    const seed = timeUpdates(host.instance, Array.from({ length: 30 }, (_, i) => ({ seed: i + 2 })));
    const points = timeUpdates(host.instance, Array.from({ length: 30 }, (_, i) => ({ trainX: [...defaults().trainX, -3 + 0.2 * i], trainY: [...defaults().trainY, 0.5] })));
    const depth = timeUpdates(host.instance, Array.from({ length: 30 }, (_, i) => ({ depth: 1 + (i % 20) })));
    const tanh = timeUpdates(host.instance, Array.from({ length: 10 }, (_, i) => ({ activation: 'tanh', depth: 10, weightVariance: 1 + 0.2 * i })));
    const fmt = (t: { median: number; max: number }) => `median ${t.median.toFixed(2)} max ${t.max.toFixed(2)}`;
    console.info(`gp-posterior redraw ms: noise ${fmt(noise)}; seed ${fmt(seed)}; add point ${fmt(points)}; depth 1..20 ${fmt(depth)}; tanh depth 10 ${fmt(tanh)}`);
    expect(noise.median).toBeLessThan(16);
    expect(seed.median).toBeLessThan(16);
    expect(points.median).toBeLessThan(16);
    expect(depth.median).toBeLessThan(16);
  });
});
