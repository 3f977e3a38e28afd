/**
 * Check values of READING.md (ReLU, sigma_w^2 = 1, sigma_b^2 = 0, depth 1), to 1e-9.
 * They are worked out by hand from the arc-cosine formulas, so they pin the
 * recursion, the GP posterior, the ensemble posterior and the dynamics independently.
 */
import { describe, expect, it } from 'vitest';
import { analyticKernels, ensemblePosterior, gpPosterior, gradientDescentMse } from '../../src/core';

const TOL = 1e-9;
const spec = { depth: 1, activation: 'relu' as const, weightVariance: 1, biasVariance: 0 };
const X = [
  [1, 0],
  [0, 1],
  [1, 1],
];

describe('READING.md check values (tolerance 1e-9)', () => {
  it('kernels of the three inputs', () => {
    const { nngp, ntk } = analyticKernels(X, X, spec);
    expect(nngp[0][0]).toBeCloseTo(0.25, 9);
    expect(nngp[1][1]).toBeCloseTo(0.25, 9);
    expect(nngp[2][2]).toBeCloseTo(0.5, 9);
    expect(Math.abs(nngp[0][1] - 1 / (4 * Math.PI))).toBeLessThan(TOL);
    expect(Math.abs(nngp[0][1] - 0.0795774715)).toBeLessThan(TOL);
    expect(Math.abs(ntk[0][0] - 0.5)).toBeLessThan(TOL);
    expect(Math.abs(ntk[1][1] - 0.5)).toBeLessThan(TOL);
    expect(Math.abs(ntk[2][2] - 1.0)).toBeLessThan(TOL);
    expect(Math.abs(ntk[0][2] - 0.4545774715)).toBeLessThan(TOL);
  });

  const train = X.slice(0, 2);
  const test = [X[2]];
  const y = [1, 0.5];
  const k = (a: number[][], b: number[][]) => analyticKernels(a, b, spec);

  it('NNGP posterior at [1, 1]', () => {
    const p = gpPosterior({ kTrainTrain: k(train, train).nngp, kTestTrain: k(test, train).nngp, kTestTest: k(test, test).nngp, yTrain: y });
    expect(Math.abs(p.mean[0] - 1.2155448776)).toBeLessThan(TOL);
    expect(Math.abs(p.covariance[0][0] - 0.0671404634)).toBeLessThan(TOL);
  });

  it('NTK ensemble posterior at t = infinity', () => {
    const tt = k(train, train);
    const st = k(test, train);
    const ss = k(test, test);
    const p = ensemblePosterior({
      nngp: { trainTrain: tt.nngp, testTrain: st.nngp, testTest: ss.nngp },
      ntk: { trainTrain: tt.ntk, testTrain: st.ntk, testTest: ss.ntk },
      yTrain: y,
    });
    expect(Math.abs(p.mean[0] - 1.1764884606)).toBeLessThan(TOL);
    expect(Math.abs(p.covariance[0][0] - 0.0675873422)).toBeLessThan(TOL);
  });

  it('gradient-flow test prediction with f_0 = 0, eta = 1', () => {
    const d = gradientDescentMse({ ntkTrainTrain: k(train, train).ntk, ntkTestTrain: k(test, train).ntk, yTrain: y, learningRate: 1 });
    expect(Math.abs(d.predict(1).test[0] - 0.2959790074)).toBeLessThan(TOL);
    expect(Math.abs(d.predict(10).test[0] - 1.1116173724)).toBeLessThan(TOL);
  });
});
