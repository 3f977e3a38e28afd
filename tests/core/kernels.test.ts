/**
 * Analytic kernels: identities, exactness at the edges, symmetry, parameterizations.
 */
import { describe, expect, it } from 'vitest';
import { analyticKernels, analyticKernelsOverDepth, embedInputs, type Activation, type NetworkSpec } from '../../src/core';
import { allFinite, linspace, maxAbs, maxAbsDiff } from './helpers';

const circle = embedInputs(linspace(-Math.PI, Math.PI, 9), 'circle');
const affine = embedInputs(linspace(-Math.PI, Math.PI, 9), 'affine');

const ALL_ACTIVATIONS: Activation[] = [
  'relu', 'erf', 'tanh', 'gelu', 'sin', 'abs', 'linear', 'softplus',
  { kind: 'leaky-relu', alpha: 0.1 },
  { kind: 'two-slope-relu', negative: -0.5, positive: 2 },
  { kind: 'custom', name: 'cube-ish', phi: (u) => u / (1 + Math.abs(u)), dphi: (u) => 1 / (1 + Math.abs(u)) ** 2 },
];

/** Linear network: K^1 = s_w^2 x.x'/d + s_b^2, K^{l+1} = s_w^2 K^l + s_b^2, Theta^{l+1} = K^{l+1} + s_w^2 Theta^l. */
function linearKernels(x1: number[][], x2: number[][], spec: NetworkSpec) {
  const { weightVariance: w, biasVariance: b, depth } = spec;
  const d = x1[0].length;
  return {
    nngp: x1.map((a) => x2.map((c) => {
      let k = (w * a.reduce((s, ai, i) => s + ai * c[i], 0)) / d + b;
      for (let l = 0; l < depth; l++) k = w * k + b;
      return k;
    })),
    ntk: x1.map((a) => x2.map((c) => {
      let k = (w * a.reduce((s, ai, i) => s + ai * c[i], 0)) / d + b;
      let t = k;
      for (let l = 0; l < depth; l++) {
        k = w * k + b;
        t = k + w * t;
      }
      return t;
    })),
  };
}

describe('identities (tolerance 1e-12 relative to the largest entry)', () => {
  it('LeakyReLU with slope 1 gives the linear-network kernel', () => {
    for (const depth of [0, 1, 3]) {
      const spec = { depth, weightVariance: 1.3, biasVariance: 0.2 };
      const leaky = analyticKernels(affine, circle, { ...spec, activation: { kind: 'leaky-relu', alpha: 1 } });
      const exact = linearKernels(affine, circle, { ...spec, activation: 'linear' });
      expect(maxAbsDiff(leaky.nngp, exact.nngp)).toBeLessThan(1e-12 * maxAbs(exact.nngp));
      expect(maxAbsDiff(leaky.ntk, exact.ntk)).toBeLessThan(1e-12 * maxAbs(exact.ntk));
    }
  });

  it('abs equals the two-slope form with slopes (-1, 1), and both match E|u||v| = (2/pi)(sqrt(k11 k22 - k12^2) + k12 asin c)', () => {
    const spec = { depth: 1, weightVariance: 1, biasVariance: 0 };
    const abs = analyticKernels(circle, affine, { ...spec, activation: 'abs' });
    const twoSlope = analyticKernels(circle, affine, { ...spec, activation: { kind: 'two-slope-relu', negative: -1, positive: 1 } });
    expect(maxAbsDiff(abs.nngp, twoSlope.nngp)).toBeLessThan(1e-15);
    expect(maxAbsDiff(abs.ntk, twoSlope.ntk)).toBeLessThan(1e-15);
    // Independent closed forms (Price's theorem): E|u||v| and E[sign u sign v] = (2/pi) asin c.
    circle.forEach((a, i) => affine.forEach((b, j) => {
      const k11 = (a[0] ** 2 + a[1] ** 2) / 2;
      const k22 = (b[0] ** 2 + b[1] ** 2) / 2;
      const k12 = (a[0] * b[0] + a[1] * b[1]) / 2;
      const c = k12 / Math.sqrt(k11 * k22);
      const eAbs = (2 / Math.PI) * (Math.sqrt(Math.max(k11 * k22 - k12 * k12, 0)) + k12 * Math.asin(c));
      const eSign = (2 / Math.PI) * Math.asin(c);
      expect(abs.nngp[i][j]).toBeCloseTo(eAbs, 12);
      expect(abs.ntk[i][j]).toBeCloseTo(eAbs + eSign * k12, 12);
    }));
  });

  it('ReLU is not abs (the identity test can fail)', () => {
    const spec = { depth: 1, weightVariance: 1, biasVariance: 0 };
    const relu = analyticKernels(circle, circle, { ...spec, activation: 'relu' });
    const abs = analyticKernels(circle, circle, { ...spec, activation: 'abs' });
    expect(maxAbsDiff(relu.nngp, abs.nngp)).toBeGreaterThan(0.1);
  });

  it('depth 0 is the linear read-out: K = Theta = s_w^2 x.x\'/d + s_b^2', () => {
    const { nngp, ntk } = analyticKernels(affine, affine, { depth: 0, activation: 'tanh', weightVariance: 2, biasVariance: 0.5 });
    affine.forEach((a, i) => affine.forEach((b, j) => {
      const k = (2 * (a[0] * b[0] + a[1] * b[1])) / 2 + 0.5;
      expect(nngp[i][j]).toBeCloseTo(k, 14);
      expect(ntk[i][j]).toBeCloseTo(k, 14);
    }));
  });
});

describe('numerical safety', () => {
  const edgeInputs = [
    [1, 0], [1, 0], // identical
    [-1, 0], // antipodal to the first
    [0, 0], // zero input
    [1e-8, 0], // tiny
    [3, -4],
  ];
  for (const activation of ALL_ACTIVATIONS) {
    const name = typeof activation === 'string' ? activation : activation.kind;
    it(`${name}: finite at identical, antipodal and zero inputs, at depth 100, with and without bias`, () => {
      for (const [weightVariance, biasVariance] of [[1.5, 0], [1.5, 0.3], [4, 0.3]]) {
        for (const depth of [1, 100]) {
          const spec = { depth, activation, weightVariance, biasVariance };
          const { nngp, ntk } = analyticKernels(edgeInputs, edgeInputs, spec);
          expect(allFinite(nngp)).toBe(true);
          expect(allFinite(ntk)).toBe(true);
          // Symmetric to the bit when x1 == x2, and identical rows give identical entries.
          nngp.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(nngp[j][i])));
          ntk.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(ntk[j][i])));
          expect(nngp[0]).toEqual(nngp[1]);
          // Cross-set call gives the same numbers as the symmetric call (to rounding of the mirrored triangle).
          const cross = analyticKernels(edgeInputs, edgeInputs.map((r) => [...r]), spec);
          expect(maxAbsDiff(cross.nngp, nngp)).toBeLessThanOrEqual(1e-12 * Math.max(1, maxAbs(nngp)));
        }
      }
    });
  }

  it('exact diagonals: ReLU K(x, x) follows q^{l+1} = s_w^2 q^l / 2 + s_b^2 to 1 ulp, NTK diagonal too', () => {
    const x = [[0.3, -1.7], [2, 0.5]];
    const w = 1.7;
    const b = 0.11;
    for (const depth of [1, 5, 100]) {
      const { nngp, ntk } = analyticKernels(x, x, { depth, activation: 'relu', weightVariance: w, biasVariance: b });
      x.forEach((xi, i) => {
        let q = (w * (xi[0] * xi[0] + xi[1] * xi[1])) / 2 + b;
        let t = q;
        for (let l = 0; l < depth; l++) {
          q = w * (q / 2) + b;
          t = q + w * 0.5 * t;
        }
        expect(Math.abs(nngp[i][i] - q)).toBeLessThanOrEqual(4 * Number.EPSILON * q);
        expect(Math.abs(ntk[i][i] - t)).toBeLessThanOrEqual(1e-13 * t);
      });
    }
  });

  it('a point and its exact copy are perfectly correlated at every depth (erf, tanh)', () => {
    for (const activation of ['erf', 'tanh'] as const) {
      const x = [[0.7, 0.2], [0.7, 0.2]];
      const { nngp } = analyticKernels(x, x, { depth: 30, activation, weightVariance: 2.5, biasVariance: 0.1 });
      expect(nngp[0][1]).toBe(nngp[0][0]);
    }
  });

  it('rejects bad specs with a message', () => {
    expect(() => analyticKernels(circle, circle, { depth: -1, activation: 'relu', weightVariance: 1, biasVariance: 0 })).toThrow(/depth/);
    expect(() => analyticKernels(circle, circle, { depth: 1, activation: 'relu', weightVariance: -1, biasVariance: 0 })).toThrow(/weightVariance/);
    expect(() => analyticKernels(circle, circle, { depth: 1, activation: 'relu', weightVariance: 1, biasVariance: 0, parameterization: 'standard' })).toThrow(/width/);
    expect(() => analyticKernels([[1, 2]], [[1, 2, 3]], { depth: 1, activation: 'relu', weightVariance: 1, biasVariance: 0 })).toThrow(/columns/);
  });
});

describe('parameterizations', () => {
  it('standard parameterization: same NNGP; NTK by the stated recursion (1e-12)', () => {
    const width = 64;
    const base = { depth: 2, activation: 'relu' as const, weightVariance: 2, biasVariance: 0.1 };
    const ntkParam = analyticKernels(affine, affine, base);
    const sp = analyticKernels(affine, affine, { ...base, parameterization: 'standard', width });
    expect(maxAbsDiff(sp.nngp, ntkParam.nngp)).toBeLessThan(1e-14);
    // By hand: Theta^1 = x.x' + 1; Theta^{l+1} = n E[phi phi] + 1 + s_w^2 E[phi' phi'] Theta^l.
    const relu = (k11: number, k22: number, k12: number) => {
      const c = Math.max(-1, Math.min(1, k12 / Math.sqrt(k11 * k22)));
      const th = Math.acos(c);
      return [(Math.sqrt(k11 * k22) * (Math.sin(th) + (Math.PI - th) * c)) / (2 * Math.PI), (Math.PI - th) / (2 * Math.PI)];
    };
    affine.forEach((a, i) => affine.forEach((b, j) => {
      const dot = (p: number[], q: number[]) => p[0] * q[0] + p[1] * q[1];
      let k11 = dot(a, a);
      let k22 = dot(b, b);
      let k12 = dot(a, b);
      let theta = k12 + 1;
      [k11, k22, k12] = [k11, k22, k12].map((k) => (2 * k) / 2 + 0.1);
      for (let l = 0; l < 2; l++) {
        const [e, ed] = relu(k11, k22, k12);
        theta = width * e + 1 + 2 * ed * theta;
        k11 = 2 * (k11 / 2) + 0.1;
        k22 = 2 * (k22 / 2) + 0.1;
        k12 = 2 * e + 0.1;
      }
      expect(Math.abs(sp.ntk[i][j] - theta)).toBeLessThan(1e-12 * Math.abs(theta));
    }));
  });

  it('analyticKernelsOverDepth gives the same kernels as separate calls', () => {
    const spec = { depth: 4, activation: 'erf' as const, weightVariance: 1.8, biasVariance: 0.2 };
    const all = analyticKernelsOverDepth(circle, affine, spec);
    expect(all).toHaveLength(5);
    all.forEach((k, depth) => {
      const direct = analyticKernels(circle, affine, { ...spec, depth });
      expect(maxAbsDiff(k.nngp, direct.nngp)).toBeLessThan(1e-15);
      expect(maxAbsDiff(k.ntk, direct.ntk)).toBeLessThan(1e-15);
    });
  });
});
