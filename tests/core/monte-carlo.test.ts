/**
 * Monte Carlo: analytic kernels against random float64 networks (the sampler shares
 * the layer list with the analytic recursion, architecture.ts).
 *
 * Tolerances are derived from the samples: for each kernel entry we estimate the standard
 * error SE = std / sqrt(M) of the Monte Carlo mean over M draws and require
 *   |MC - analytic| < 5 SE + bias,
 * where 5 SE makes a false failure a ~1e-6 event per entry, and `bias` allows for the O(1/n)
 * finite-width deviation of the expectation itself (Lee et al. 2018, 2019): 4 / n relative to
 * sqrt(K(x, x) K(x', x')). Depth-1 NNGP has no such bias (the read-out weights are independent
 * of the hidden layer), nor does the depth-1 NTK; at depth 2 and n = 1024 the allowance is 0.4%.
 * Each test also checks that a wrong kernel would be rejected.
 */
import { describe, expect, it } from 'vitest';
import { analyticKernels, createRng, sampleMlp, type Matrix, type NetworkSpec } from '../../src/core';

const X = [[1, 0], [0.6, 0.8], [-0.6, 0.5], [0.2, -1.3], [0, 0]];

interface Estimate {
  mean: Matrix;
  se: Matrix;
}

/** Mean and standard error over M draws of a matrix-valued sample. */
function monteCarlo(draws: number, sample: (k: number) => Matrix): Estimate {
  let sum: Matrix = [];
  let sq: Matrix = [];
  for (let k = 0; k < draws; k++) {
    const m = sample(k);
    if (k === 0) {
      sum = m.map((r) => r.map(() => 0));
      sq = m.map((r) => r.map(() => 0));
    }
    m.forEach((r, i) => r.forEach((v, j) => {
      sum[i][j] += v;
      sq[i][j] += v * v;
    }));
  }
  const mean = sum.map((r) => r.map((v) => v / draws));
  const se = sq.map((r, i) => r.map((v, j) => Math.sqrt(Math.max(v / draws - mean[i][j] ** 2, 0) / (draws - 1))));
  return { mean, se };
}

/** Largest |MC - analytic| / (5 SE + bias): the test passes when it is below 1. */
function worstRatio(est: Estimate, analytic: Matrix, width: number, biasAllowed: boolean): number {
  let worst = 0;
  analytic.forEach((row, i) => row.forEach((a, j) => {
    const bias = biasAllowed ? (4 / width) * Math.sqrt(Math.abs(analytic[i][i] * analytic[j][j])) : 0;
    const allowed = 5 * est.se[i][j] + bias + 1e-12;
    worst = Math.max(worst, Math.abs(est.mean[i][j] - a) / allowed);
  }));
  return worst;
}

describe('NNGP: output covariance of random networks', () => {
  it('ReLU, depth 2, width 128, 3000 networks: E[f(x) f(x\')] = K^{L+1} within 5 SE + 4/n (SE ~ 3% of K)', () => {
    const width = 128;
    const spec: NetworkSpec = { depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1 };
    const rng = createRng(2024);
    const est = monteCarlo(3000, (k) => {
      const f = sampleMlp({ ...spec, width, inputDim: 2 }, rng.fork(k)).forward(X);
      return f.map((a) => f.map((b) => a * b));
    });
    const analytic = analyticKernels(X, X, spec).nngp;
    expect(worstRatio(est, analytic, width, true)).toBeLessThan(1);
    // A kernel 20% off would be caught.
    expect(worstRatio(est, analytic.map((r) => r.map((v) => 1.2 * v)), width, true)).toBeGreaterThan(1);
  });

  it('erf, depth 1, width 64, 6000 networks: exact at any width, within 5 SE', () => {
    const width = 64;
    const spec: NetworkSpec = { depth: 1, activation: 'erf', weightVariance: 1.5, biasVariance: 0.2 };
    const rng = createRng(99);
    const est = monteCarlo(6000, (k) => {
      const f = sampleMlp({ ...spec, width, inputDim: 2 }, rng.fork(k)).forward(X);
      return f.map((a) => f.map((b) => a * b));
    });
    expect(worstRatio(est, analyticKernels(X, X, spec).nngp, width, false)).toBeLessThan(1);
  });
});

describe('NTK: mean empirical NTK of random networks of width 1024', () => {
  const width = 1024;
  const draws = 12;
  const cases: [string, NetworkSpec][] = [
    ['ReLU, depth 2, NTK parameterization', { depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1 }],
    ['tanh (quadrature kernels), depth 2, NTK parameterization', { depth: 2, activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 }],
    ['ReLU, depth 2, standard parameterization', { depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1, parameterization: 'standard', width }],
  ];
  for (const [name, spec] of cases) {
    it(`${name}: within 5 SE + 4/n (${draws} networks)`, () => {
      const rng = createRng(7);
      const est = monteCarlo(draws, (k) => sampleMlp({ ...spec, width, inputDim: 2 }, rng.fork(k)).empiricalNtk(X, X));
      const analytic = analyticKernels(X, X, { ...spec, width }).ntk;
      expect(worstRatio(est, analytic, width, true)).toBeLessThan(1);
      // The other parameterization's kernel would be rejected (SP grows with the width).
      const other = analyticKernels(X, X, {
        ...spec,
        width,
        parameterization: spec.parameterization === 'standard' ? 'ntk' : 'standard',
      }).ntk;
      expect(worstRatio(est, other, width, true)).toBeGreaterThan(1);
    });
  }
});

describe('sampler consistency', () => {
  it('empirical NTK is symmetric and its diagonal is the squared gradient norm (positive)', () => {
    const net = sampleMlp({ depth: 3, activation: 'gelu', weightVariance: 1.7, biasVariance: 0.1, width: 32, inputDim: 2 }, createRng(3));
    const k = net.empiricalNtk(X, X);
    k.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - k[j][i])).toBeLessThan(1e-12 * Math.abs(v) + 1e-15)));
    k.forEach((r, i) => expect(r[i]).toBeGreaterThan(0));
  });

  it('empirical NTK of a batch equals the per-pair values (1e-12 relative)', () => {
    const net = sampleMlp({ depth: 2, activation: 'tanh', weightVariance: 1.3, biasVariance: 0.2, width: 16, inputDim: 2 }, createRng(4));
    const batch = net.empiricalNtk(X, X);
    X.forEach((x, i) => X.forEach((y, j) => expect(Math.abs(net.empiricalNtk([x], [y])[0][0] - batch[i][j])).toBeLessThan(1e-12 * Math.abs(batch[i][j]) + 1e-15)));
  });

  it('the same seed gives the same network; forked streams differ', () => {
    const spec = { depth: 1, activation: 'relu' as const, weightVariance: 2, biasVariance: 0, width: 8, inputDim: 2 };
    expect(sampleMlp(spec, createRng(1)).forward(X)).toEqual(sampleMlp(spec, createRng(1)).forward(X));
    expect(sampleMlp(spec, createRng(1).fork(1)).forward(X)).not.toEqual(sampleMlp(spec, createRng(1).fork(2)).forward(X));
  });
});
