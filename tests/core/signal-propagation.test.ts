/**
 * Signal propagation and the phase diagram (Poole et al. 2016; Schoenholz et al. 2017).
 */
import { describe, expect, it } from 'vitest';
import { analyticKernels, correlationMap, lengthMap as publicLengthMap, phaseDiagram, type Activation } from '../../src/core';
import { resolveActivation } from '../../src/core/activations';
import { gaussianExpectation1d } from '../../src/core/quadrature';

describe('ReLU', () => {
  it('chi_1 = sigma_w^2 / 2 exactly (1e-15), for finite and divergent q*', () => {
    for (const w of [0.5, 1, 1.9, 2, 2.5, 4]) {
      for (const b of [0, 0.05, 1]) {
        const r = correlationMap({ activation: 'relu', weightVariance: w, biasVariance: b });
        expect(Math.abs(r.chi1 - w / 2)).toBeLessThanOrEqual(1e-15 * w);
        const divergent = w > 2 || (w === 2 && b > 0);
        expect(r.qStar).toBe(divergent ? Infinity : w === 2 ? 1 : b / (1 - w / 2));
        expect(Number.isNaN(r.depthScale)).toBe(false);
        expect(r.curve.F.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('ordered phase: c* = 1 and xi_c = -1 / ln(sigma_w^2 / 2); critical and divergent: xi_c = Infinity', () => {
    const r = correlationMap({ activation: 'relu', weightVariance: 1.5, biasVariance: 0.1 });
    expect(r.cStar).toBe(1);
    expect(Math.abs(r.depthScale + 1 / Math.log(0.75))).toBeLessThan(1e-12);
    expect(correlationMap({ activation: 'relu', weightVariance: 2, biasVariance: 0 }).depthScale).toBe(Infinity);
    expect(correlationMap({ activation: 'relu', weightVariance: 3, biasVariance: 0.1 }).depthScale).toBe(Infinity);
  });

  it('sigma_b^2 = 0 below the critical point: q* = 0, F\'(1) = 1, so the depth scale is infinite and c^l -> 1 only like 1 - 9 pi^2 / (2 l^2)', () => {
    const r = correlationMap({ activation: 'relu', weightVariance: 1.5, biasVariance: 0 });
    expect(r.qStar).toBe(0);
    expect(r.chi1).toBeCloseTo(0.75, 15);
    expect(r.depthScale).toBe(Infinity);
    // The iterates agree with the polynomial law (not with exp(-l / 3.48), which would give 1 - c ~ 1e-6 at l = 50).
    const c = r.correlationsOverDepth(0, 400);
    const predicted = (9 * Math.PI ** 2) / (2 * 400 ** 2);
    expect(Math.abs(1 - c[400] - predicted) / predicted).toBeLessThan(0.1);
  });

  it('the correlation map is the normalized arc-cosine map when sigma_b^2 = 0: F(c) = (sqrt(1 - c^2) + (pi - acos c) c) / pi (1e-14)', () => {
    const r = correlationMap({ activation: 'relu', weightVariance: 1.2, biasVariance: 0 });
    for (const c of [-1, -0.5, 0, 0.3, 0.9, 1]) {
      expect(Math.abs(r.map(c) - (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI)).toBeLessThan(1e-14);
    }
  });
});

describe('fixed points', () => {
  const cases: [Activation, number, number][] = [
    ['tanh', 1.5, 0.05], ['tanh', 3, 0.2], ['erf', 2, 0.1], ['gelu', 1.2, 0.1], ['softplus', 1, 0.1], ['sin', 2, 0.1], ['relu', 1.5, 0.3],
  ];
  for (const [activation, w, b] of cases) {
    it(`${String(activation)} (${w}, ${b}): q* = sigma_w^2 E[phi(sqrt(q*) z)^2] + sigma_b^2 (1e-12 rel with the same rule, 1e-7 with 200 nodes), F(c*) = c* (1e-12), F(1) = 1`, () => {
      const r = correlationMap({ activation, weightVariance: w, biasVariance: b });
      const { phi, dphi } = resolveActivation(activation);
      const lengthMap = (n: number) => w * gaussianExpectation1d((u) => phi(u) ** 2, r.qStar, n) + b;
      expect(Math.abs(lengthMap(96) - r.qStar)).toBeLessThan(1e-12 * r.qStar);
      expect(Math.abs(publicLengthMap({ activation, weightVariance: w, biasVariance: b }, r.qStar) - r.qStar)).toBeLessThan(1e-12 * r.qStar);
      // Against a finer rule the difference is the 96-node rule's own error (~1e-8 for tanh at q ~ 1.7).
      expect(Math.abs(lengthMap(200) - r.qStar)).toBeLessThan(1e-7 * r.qStar);
      expect(Math.abs(r.map(r.cStar) - r.cStar)).toBeLessThan(1e-12);
      expect(Math.abs(r.map(1) - 1)).toBeLessThan(1e-14);
      const chi1 = w * gaussianExpectation1d((u) => dphi(u) ** 2, r.qStar, 200);
      expect(Math.abs(r.chi1 - chi1)).toBeLessThan(1e-6 * chi1);
      // Stability: |F'(c*)| < 1 (numerical derivative).
      const h = 1e-6;
      const c0 = Math.min(r.cStar, 1 - h);
      const slope = (r.map(c0) - r.map(c0 - h)) / h;
      expect(Math.abs(slope)).toBeLessThan(1 + 1e-6);
    });
  }

  it('chaotic phase (tanh, sigma_w^2 = 3, sigma_b^2 = 0.2): c* < 1 and xi_c = -1/ln(sigma_w^2 E[phi\'(u1) phi\'(u2)] at c*)', () => {
    const r = correlationMap({ activation: 'tanh', weightVariance: 3, biasVariance: 0.2 });
    expect(r.chi1).toBeGreaterThan(1);
    expect(r.cStar).toBeLessThan(0.9);
    // Correlations starting anywhere converge to c*, exponentially with scale xi_c.
    const path = r.correlationsOverDepth(0.99, 400);
    expect(path).toHaveLength(401);
    expect(Math.abs(path[400] - r.cStar)).toBeLessThan(1e-12);
    const ratio = Math.abs(path[120] - r.cStar) / Math.abs(path[100] - r.cStar);
    expect(Math.abs(ratio - Math.exp(-20 / r.depthScale))).toBeLessThan(1e-3);
  });

  it('odd activation without bias in the chaotic phase: c* = 0', () => {
    const r = correlationMap({ activation: 'tanh', weightVariance: 2, biasVariance: 0 });
    expect(Math.abs(r.cStar)).toBeLessThan(1e-12);
  });

  it('matches the analytic kernel: the NNGP correlation after one more layer is F(c) at q*', () => {
    const w = 1.7;
    const b = 0.3;
    const r = correlationMap({ activation: 'erf', weightVariance: w, biasVariance: b });
    // Two inputs with K^1(x, x) = q*: x = sqrt((q* - b) d / w) (unit vectors), d = 2.
    const scale = Math.sqrt(((r.qStar - b) * 2) / w);
    const angle = 1.1;
    const x = [[scale, 0], [scale * Math.cos(angle), scale * Math.sin(angle)]];
    const k = analyticKernels(x, x, { depth: 1, activation: 'erf', weightVariance: w, biasVariance: b }).nngp;
    const c1 = (w * ((scale * scale * Math.cos(angle)) / 2) + b) / r.qStar;
    expect(Math.abs(k[0][0] - r.qStar)).toBeLessThan(1e-12 * r.qStar);
    expect(Math.abs(k[0][1] / r.qStar - r.map(c1))).toBeLessThan(1e-12);
  });
});

describe('critical line', () => {
  for (const activation of ['erf', 'tanh'] as const) {
    it(`${activation}: every critical-line point has chi_1 = 1 (1e-9), chi_1 - 1 changes sign across it, and it starts at sigma_w^2 = 1 / phi'(0)^2`, () => {
      const pd = phaseDiagram({ activation, weightVariance: [0.5, 4], biasVariance: [0, 0.4], resolution: [15, 9] });
      expect(pd.chi1).toHaveLength(9);
      expect(pd.chi1[0]).toHaveLength(15);
      expect(pd.criticalLine.length).toBe(9);
      for (const p of pd.criticalLine) {
        const r = correlationMap({ activation, weightVariance: p.weightVariance, biasVariance: p.biasVariance });
        expect(Math.abs(r.chi1 - 1)).toBeLessThan(1e-9);
        expect(correlationMap({ activation, weightVariance: p.weightVariance * 0.99, biasVariance: p.biasVariance }).chi1).toBeLessThan(1);
        expect(correlationMap({ activation, weightVariance: p.weightVariance * 1.01, biasVariance: p.biasVariance }).chi1).toBeGreaterThan(1);
      }
      const start = activation === 'tanh' ? 1 : Math.PI / 4;
      expect(Math.abs(pd.criticalLine[0].weightVariance - start)).toBeLessThan(1e-6);
      // The line moves to larger sigma_w^2 as sigma_b^2 grows.
      for (let k = 1; k < pd.criticalLine.length; k++) expect(pd.criticalLine[k].weightVariance).toBeGreaterThan(pd.criticalLine[k - 1].weightVariance);
      // Depth scale diverges near the line: the largest finite depth scale in each row is next to it.
      for (const row of pd.depthScale) for (const v of row) expect(Number.isNaN(v)).toBe(false);
    });
  }

  it('ReLU: the critical line is sigma_w^2 = 2 for every sigma_b^2', () => {
    const pd = phaseDiagram({ activation: 'relu', weightVariance: [1, 3], biasVariance: [0, 1], resolution: 7 });
    for (const p of pd.criticalLine) expect(Math.abs(p.weightVariance - 2)).toBeLessThan(1e-12);
    expect(pd.criticalLine.length).toBe(7);
  });
});

describe('never NaN', () => {
  const activations: Activation[] = ['relu', 'erf', 'tanh', 'gelu', 'sin', 'abs', 'linear', 'softplus', { kind: 'leaky-relu', alpha: 0.2 }];
  for (const activation of activations) {
    it(`${typeof activation === 'string' ? activation : activation.kind}: finite or Infinity everywhere on a grid including 0`, () => {
      for (const w of [0, 0.5, 1, 2, 5]) {
        for (const b of [0, 0.1, 2]) {
          const r = correlationMap({ activation, weightVariance: w, biasVariance: b }, { points: 11 });
          for (const v of [r.qStar, r.cStar, r.chi1, r.depthScale, ...r.curve.F, ...r.correlationsOverDepth(0.3, 5)]) expect(Number.isNaN(v)).toBe(false);
          expect(r.cStar).toBeGreaterThanOrEqual(-1);
          expect(r.cStar).toBeLessThanOrEqual(1);
          expect(r.depthScale).toBeGreaterThanOrEqual(0);
        }
      }
    });
  }
});
