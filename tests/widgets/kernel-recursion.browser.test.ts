import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type KernelRecursionSnapshot } from '../../src/widgets/kernel-recursion/mount';
import { kernelRecursionParams, type KernelRecursionParams } from '../../src/widgets/kernel-recursion/schema';
import { THETA0 } from '../../src/widgets/kernel-recursion/compute';
import { defaultsOf } from '../../src/ui/params';
import { analyticKernels, correlationMap } from '../../src/core';
import { mountWithFakeHost, pathData, timeUpdates, type FakeHost } from './analytic-widgets-harness';

const defaults = (): KernelRecursionParams => defaultsOf(kernelRecursionParams);
const HALF_PI_INDEX = 90; // θ = π/2 on the 181-point grid
let host: FakeHost<KernelRecursionParams> | null = null;
afterEach(() => { host?.cleanup(); host = null; });

const snap = (): KernelRecursionSnapshot => host!.instance.snapshot() as KernelRecursionSnapshot;

/** Normalized NNGP at θ from the core, independently of the widget. */
function coreNormalizedNngp(theta: number, p: { depth: number; weightVariance: number; biasVariance: number; activation: 'relu' | 'erf' | 'tanh' }): number {
  const k = analyticKernels([[1, 0]], [[1, 0], [Math.cos(theta), Math.sin(theta)]], p);
  return k.nngp[0][1] / k.nngp[0][0];
}

describe('kernel-recursion widget', () => {
  it('mounts, draws both panels with finite paths and reports a render', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const svgs = host.stage.querySelectorAll('svg:not([aria-hidden])');
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    const ds = pathData(host.stage);
    expect(ds.length).toBeGreaterThan(8);
    for (const d of ds) expect(d).not.toMatch(/NaN/);
    expect(host.stage.querySelector('path.nngp.chosen')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(host.stage.querySelector('path.ntk.chosen')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(host.stage.querySelector('path.map')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(host.stage.querySelector('path.cobweb')).not.toBeNull();
    expect(host.stage.querySelector('circle.fixed-point')).not.toBeNull();
    expect(host.renders).toBe(1);
    const s = snap();
    expect(s.theta).toHaveLength(181);
    expect(s.theta[HALF_PI_INDEX]).toBeCloseTo(Math.PI / 2, 4);
    expect(s.shallower.map((c) => c.depth)).toEqual([1, 2]);
    expect(s.iterates).toHaveLength(4);
    // Axis labels and legend say what is drawn.
    const text = host.stage.textContent ?? '';
    expect(text).toContain('angle θ between the inputs');
    expect(text).toContain('NNGP, depth 3');
    expect(text).toContain('fixed point c*');
    expect(host.stage.querySelector('.viz-readout')?.textContent).toMatch(/c\* = .* χ₁ = /);
  });

  it('deeper ReLU at the critical line: normalized NNGP at θ = π/2 rises toward 1, matching the core', () => {
    const p = { ...defaults(), activation: 'relu', weightVariance: 2, biasVariance: 0, depth: 1 };
    host = mountWithFakeHost({ mount }, p);
    const shallow = snap().nngp![HALF_PI_INDEX];
    host.instance.update({ depth: 20 });
    const deep = snap().nngp![HALF_PI_INDEX];
    const spec = { activation: 'relu' as const, weightVariance: 2, biasVariance: 0 };
    const expectShallow = coreNormalizedNngp(Math.PI / 2, { ...spec, depth: 1 });
    const expectDeep = coreNormalizedNngp(Math.PI / 2, { ...spec, depth: 20 });
    expect(shallow).toBeCloseTo(expectShallow, 5);
    expect(deep).toBeCloseTo(expectDeep, 5);
    // Arc-cosine kernel, one layer, orthogonal inputs: F(0) = 1/π.
    expect(shallow).toBeCloseTo(1 / Math.PI, 5);
    expect(deep).toBeGreaterThan(shallow + 0.3);
    expect(deep).toBeLessThan(1);
    // ReLU, σ_b² = 0: the cobweb's last iterate from c⁰ = cos θ₀ is the normalized NNGP at θ₀.
    expect(THETA0).toBeCloseTo(Math.PI / 2, 12);
    const s = snap();
    expect(s.iterates).toHaveLength(21);
    expect(s.iterates[20]).toBeCloseTo(deep, 5);
    expect(s.cStar).toBeCloseTo(1, 3);
    expect(s.chi1).toBeCloseTo(1, 6);
  });

  it('unnormalized kernels equal the core values; NTK ≥ NNGP on the diagonal', () => {
    const p = { ...defaults(), normalize: false, depth: 4, weightVariance: 1.5, biasVariance: 0.2 };
    host = mountWithFakeHost({ mount }, p);
    const s = snap();
    const k = analyticKernels([[1, 0]], [[1, 0], [0, 1], [-1, 0]], { depth: 4, activation: 'relu', weightVariance: 1.5, biasVariance: 0.2 });
    expect(s.nngp![0]).toBeCloseTo(k.nngp[0][0], 5);
    expect(s.nngp![HALF_PI_INDEX]).toBeCloseTo(k.nngp[0][1], 5);
    expect(s.nngp![180]).toBeCloseTo(k.nngp[0][2], 5);
    expect(s.ntk![0]).toBeCloseTo(k.ntk[0][0], 5);
    expect(s.ntk![0]).toBeGreaterThan(s.nngp![0]);
  });

  it('kernel = nngp hides the NTK curves; the correlation map matches the core', () => {
    host = mountWithFakeHost({ mount }, { ...defaults(), kernel: 'nngp', activation: 'tanh', weightVariance: 1.5, biasVariance: 0.1, depth: 10 });
    expect(host.stage.querySelectorAll('path.ntk')).toHaveLength(0);
    expect(host.stage.querySelectorAll('path.nngp').length).toBe(5); // depths 1, 2, 4, 8 and 10
    const s = snap();
    expect(s.ntk).toBeNull();
    const cm = correlationMap({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.1 });
    expect(s.cStar).toBeCloseTo(cm.cStar, 5);
    expect(s.chi1).toBeCloseTo(cm.chi1, 5);
    const i = s.c.findIndex((c) => Math.abs(c) < 1e-9);
    if (i >= 0) expect(s.F[i]).toBeCloseTo(cm.map(0), 5);
    expect(s.iterates[10]).toBeCloseTo(cm.correlationsOverDepth(0, 10)[10], 5);
  });

  it('never draws NaN, across activations, extreme variances and depths', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const cases: Partial<KernelRecursionParams>[] = [
      { activation: 'relu', weightVariance: 4, biasVariance: 0, depth: 50 },
      { activation: 'relu', weightVariance: 0.1, biasVariance: 2, depth: 50, normalize: false },
      { activation: 'erf', weightVariance: 4, biasVariance: 0, depth: 50 },
      { activation: 'tanh', weightVariance: 0.1, biasVariance: 0, depth: 50 },
      { activation: 'tanh', weightVariance: 4, biasVariance: 2, depth: 1, kernel: 'ntk' },
    ];
    for (const c of cases) {
      host.instance.update(c);
      for (const d of pathData(host.stage)) expect(d, JSON.stringify(c)).not.toMatch(/NaN/);
    }
    expect(host.renders).toBe(1 + cases.length);
  });

  it('adapts to a 375 px phone: panels stack and the viewBox follows the width', async () => {
    host = mountWithFakeHost({ mount }, defaults(), 375);
    const svgs = Array.from(host.stage.querySelectorAll<SVGSVGElement>('.viz-chart > svg'));
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) expect(svg.viewBox.baseVal.width).toBeLessThanOrEqual(375);
    const [a, b] = svgs.map((s) => s.getBoundingClientRect());
    expect(b.top).toBeGreaterThanOrEqual(a.bottom - 1); // stacked, not side by side
    host.box.style.width = '1000px';
    await vi.waitFor(() => { for (const svg of svgs) expect(svg.viewBox.baseVal.width).toBeGreaterThan(375); });
    const [c, d] = svgs.map((s) => s.getBoundingClientRect());
    expect(Math.abs(c.top - d.top)).toBeLessThan(1); // side by side again
    for (const d of pathData(host.stage)) expect(d).not.toMatch(/NaN/);
  });

  it('redraws well under one frame at default settings (median of 40 updates)', () => {
    host = mountWithFakeHost({ mount }, defaults());
    const patches: Partial<KernelRecursionParams>[] = Array.from({ length: 40 }, (_, i) => ({
      weightVariance: 1.5 + 0.05 * (i % 20), depth: 3,
    }));
    const t = timeUpdates(host.instance, patches);
    const deep = timeUpdates(host.instance, Array.from({ length: 10 }, (_, i) => ({ depth: 50, activation: 'tanh', weightVariance: 1 + 0.1 * i })));
    console.info(`kernel-recursion redraw ms: default median ${t.median.toFixed(2)} max ${t.max.toFixed(2)}; tanh depth 50 median ${deep.median.toFixed(2)} max ${deep.max.toFixed(2)}`);
    expect(t.median).toBeLessThan(16);
  });

  it('destroy removes its DOM', () => {
    host = mountWithFakeHost({ mount }, defaults());
    host.instance.destroy();
    expect(host.stage.childElementCount).toBe(0);
    host.box.remove();
    host = null;
  });
});
