/**
 * GP posterior, trained-ensemble posterior, closed-form dynamics, learning-rate bound,
 * and the linear algebra under them.
 */
import { describe, expect, it } from 'vitest';
import {
  analyticKernels, embedInputs, ensemblePosterior, gpPosterior, gradientDescentMse, maxLearningRate, runningExample, type Matrix,
} from '../../src/core';
import { cholesky } from '../../src/core/cholesky';
import { symmetricEigen } from '../../src/core/eigen';
import { toDense } from '../../src/core/matrix';
import { createRng } from '../../src/core/random';
import { linspace, maxAbsDiff } from './helpers';

const spec = { depth: 2, activation: 'relu' as const, weightVariance: 2, biasVariance: 0.1 };
const data = runningExample({ count: 12, seed: 3 });
const xTrain = embedInputs(data.x, 'affine');
const xTest = embedInputs(linspace(-Math.PI, Math.PI, 15), 'affine');
const tt = analyticKernels(xTrain, xTrain, spec);
const st = analyticKernels(xTest, xTrain, spec);
const ss = analyticKernels(xTest, xTest, spec);
const nngp = { trainTrain: tt.nngp, testTrain: st.nngp, testTest: ss.nngp };
const ntk = { trainTrain: tt.ntk, testTrain: st.ntk, testTest: ss.ntk };

/** Solve A x = b by Gaussian elimination with partial pivoting (an independent reference). */
function solve(a: Matrix, b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

describe('GP posterior', () => {
  it('noise-free posterior at a training point equals its target (1e-8) with variance ~0 (1e-8 of the prior)', () => {
    const p = gpPosterior({ kTrainTrain: tt.nngp, kTestTrain: tt.nngp, kTestTest: tt.nngp, yTrain: data.y });
    p.mean.forEach((m, i) => expect(Math.abs(m - data.y[i])).toBeLessThan(1e-8));
    p.covariance.forEach((row, i) => expect(Math.abs(row[i])).toBeLessThan(1e-8 * tt.nngp[i][i]));
  });

  it('with noise, mean = K*(K + s I)^{-1} y by an independent solver (1e-10), covariance symmetric', () => {
    const noise = 0.05;
    const p = gpPosterior({ kTrainTrain: tt.nngp, kTestTrain: st.nngp, kTestTest: ss.nngp, yTrain: data.y, noise });
    const shifted = tt.nngp.map((row, i) => row.map((v, j) => v + (i === j ? noise : 0)));
    const alpha = solve(shifted, data.y);
    st.nngp.forEach((row, i) => expect(Math.abs(p.mean[i] - row.reduce((s, v, j) => s + v * alpha[j], 0))).toBeLessThan(1e-10));
    p.covariance.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(p.covariance[j][i])));
    p.covariance.forEach((row, i) => expect(row[i]).toBeGreaterThan(0));
    expect(p.jitter).toBe(0);
  });

  it('duplicated training points: jitter is escalated and reported; an indefinite matrix fails with a clear message', () => {
    const x = [xTrain[0], xTrain[0], xTrain[1]];
    const k = analyticKernels(x, x, spec).nngp;
    const p = gpPosterior({ kTrainTrain: k, kTestTrain: k, kTestTest: k, yTrain: [1, 1, 0] });
    expect(p.jitter).toBeGreaterThan(0);
    expect(Math.abs(p.mean[0] - 1)).toBeLessThan(1e-4);
    expect(() => gpPosterior({ kTrainTrain: [[1, 2], [2, 1]], kTestTrain: [[1, 0]], kTestTest: [[1]], yTrain: [0, 1] })).toThrow(/not positive definite/);
  });
});

describe('trained ensemble (Lee et al. 2019)', () => {
  it('t = infinity mean equals NTK kernel regression Theta(x*, X) Theta^{-1} y (1e-9)', () => {
    const p = ensemblePosterior({ nngp, ntk, yTrain: data.y });
    const alpha = solve(tt.ntk, data.y);
    st.ntk.forEach((row, i) => expect(Math.abs(p.mean[i] - row.reduce((s, v, j) => s + v * alpha[j], 0))).toBeLessThan(1e-9));
  });

  it('large finite t equals t = infinity (eigen path vs Cholesky path, 1e-8); t = 0 is the prior N(0, K)', () => {
    const inf = ensemblePosterior({ nngp, ntk, yTrain: data.y });
    const late = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 1e9 });
    late.mean.forEach((m, i) => expect(Math.abs(m - inf.mean[i])).toBeLessThan(1e-8));
    expect(maxAbsDiff(late.covariance, inf.covariance)).toBeLessThan(1e-8);
    const start = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 0 });
    start.mean.forEach((m) => expect(m).toBe(0));
    expect(maxAbsDiff(start.covariance, ss.nngp)).toBeLessThan(1e-14);
  });

  it('is not the NNGP posterior (the two differ by more than 1e-3)', () => {
    const ens = ensemblePosterior({ nngp, ntk, yTrain: data.y });
    const gp = gpPosterior({ kTrainTrain: tt.nngp, kTestTrain: st.nngp, kTestTest: ss.nngp, yTrain: data.y });
    expect(Math.max(...ens.mean.map((m, i) => Math.abs(m - gp.mean[i])))).toBeGreaterThan(1e-3);
  });

  it('its mean at time t equals gradientDescentMse with f_0 = 0 at the same t (1e-10)', () => {
    const dyn = gradientDescentMse({ ntkTrainTrain: tt.ntk, ntkTestTrain: st.ntk, yTrain: data.y, learningRate: 0.7 });
    for (const time of [0.5, 3, 40]) {
      const ens = ensemblePosterior({ nngp, ntk, yTrain: data.y, time, learningRate: 0.7 });
      const d = dyn.predict(time).test;
      ens.mean.forEach((m, i) => expect(Math.abs(m - d[i])).toBeLessThan(1e-10));
    }
  });
});

/**
 * Independent oracle for discrete gradient descent: propagate the joint Gaussian of
 * z = (f(X), f(x*)) through the affine step z <- z - (eta/N) [Theta(X,X); Theta(x*,X)] (f(X) - y),
 * mean and covariance directly (mu <- M mu + c, Sigma <- M Sigma M^T), from the prior N(0, K).
 * No eigendecomposition, no closed-form operator A_t, no covariance formula.
 */
function iterateEnsemble(steps: number, eta: number): { mean: number[]; variance: number[]; covariance: Matrix } {
  const n = tt.ntk.length;
  const m = st.ntk.length;
  const size = n + m;
  const thetaRows = [...tt.ntk, ...st.ntk]; // (n + m) x n
  // M = I - (eta/N) [Theta_XX; Theta_*X] [I_n 0]: only the first n columns change.
  const mat = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (__, j) => (i === j ? 1 : 0) - (j < n ? (eta / n) * thetaRows[i][j] : 0)));
  const c = thetaRows.map((row) => (eta / n) * row.reduce((s, v, j) => s + v * data.y[j], 0));
  let mu = new Array<number>(size).fill(0);
  let sigma: Matrix = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (__, j) => {
    if (i < n && j < n) return tt.nngp[i][j];
    if (i >= n && j >= n) return ss.nngp[i - n][j - n];
    return i < n ? st.nngp[j - n][i] : st.nngp[i - n][j];
  }));
  const mul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
  const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
  const matT = transpose(mat);
  for (let s = 0; s < steps; s++) {
    mu = mat.map((row, i) => row.reduce((acc, v, k) => acc + v * mu[k], 0) + c[i]);
    sigma = mul(mul(mat, sigma), matT);
  }
  const covariance = sigma.slice(n).map((row) => row.slice(n));
  return { mean: mu.slice(n), variance: covariance.map((row, i) => row[i]), covariance };
}

describe('trained ensemble, discrete gradient descent (t = steps)', () => {
  const etaMax = maxLearningRate(tt.ntk);

  it('matches the directly iterated mean and covariance of (f(X), f(x*)) at 0.5 and 0.99 eta_max (1e-9 relative)', () => {
    for (const [fraction, steps] of [[0.5, 37], [0.99, 12]] as const) {
      const eta = fraction * etaMax;
      const oracle = iterateEnsemble(steps, eta);
      const p = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: steps, learningRate: eta, dynamics: 'gradient-descent' });
      const scale = Math.max(...ss.nngp.map((row, i) => row[i]));
      p.mean.forEach((v, i) => expect(Math.abs(v - oracle.mean[i])).toBeLessThan(1e-9 * scale));
      expect(maxAbsDiff(p.covariance, oracle.covariance)).toBeLessThan(1e-9 * scale);
    }
  });

  it('differs from the flow at the same eta and t when eta is large (the discrete option matters)', () => {
    const eta = 0.9 * etaMax;
    const flow = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 5, learningRate: eta });
    const gd = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 5, learningRate: eta, dynamics: 'gradient-descent' });
    expect(Math.max(...gd.covariance.map((row, i) => Math.abs(row[i] - flow.covariance[i][i])))).toBeGreaterThan(1e-2);
  });

  it('small steps approach the flow: k steps of eta/k vs time 1 at eta, error falls ~1/k (k = 10, 100, 1000)', () => {
    const eta = 0.5 * etaMax;
    const flow = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 20, learningRate: eta });
    const errors = [10, 100, 1000].map((k) => {
      const gd = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 20 * k, learningRate: eta / k, dynamics: 'gradient-descent' });
      return Math.max(
        ...gd.mean.map((v, i) => Math.abs(v - flow.mean[i])),
        ...gd.covariance.map((row, i) => Math.abs(row[i] - flow.covariance[i][i])),
      );
    });
    expect(errors[2]).toBeLessThan(1e-3);
    expect(errors[0] / errors[1]).toBeGreaterThan(7);
    expect(errors[1] / errors[2]).toBeGreaterThan(7);
  });

  it('t = 0 is the prior; t = Infinity equals the flow at Infinity; many steps approach it; no convergence beyond eta_max', () => {
    const eta = 0.5 * etaMax;
    const start = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 0, learningRate: eta, dynamics: 'gradient-descent' });
    start.mean.forEach((m) => expect(m).toBe(0));
    expect(maxAbsDiff(start.covariance, ss.nngp)).toBeLessThan(1e-14);
    const inf = ensemblePosterior({ nngp, ntk, yTrain: data.y });
    const gdInf = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: Infinity, learningRate: eta, dynamics: 'gradient-descent' });
    expect(gdInf).toEqual(inf);
    const late = ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 1e12, learningRate: eta, dynamics: 'gradient-descent' });
    late.mean.forEach((m, i) => expect(Math.abs(m - inf.mean[i])).toBeLessThan(1e-7));
    expect(() => ensemblePosterior({ nngp, ntk, yTrain: data.y, time: Infinity, learningRate: 2.01 * etaMax, dynamics: 'gradient-descent' }))
      .toThrow(/does not converge/);
    expect(() => ensemblePosterior({ nngp, ntk, yTrain: data.y, time: 2.5, learningRate: eta, dynamics: 'gradient-descent' })).toThrow(/integer/);
  });
});

describe('gradientDescentMse', () => {
  const rng = createRng(11);
  const f0Train = data.y.map(() => 0.3 * rng.normal());
  const f0Test = xTest.map(() => 0.3 * rng.normal());
  const dyn = gradientDescentMse({ ntkTrainTrain: tt.ntk, ntkTestTrain: st.ntk, yTrain: data.y, f0Train, f0Test, learningRate: 1 });

  it('t = 0 returns f_0 exactly', () => {
    const p = dyn.predict(0);
    expect(p.train).toEqual(f0Train);
    expect(p.test).toEqual(f0Test);
  });

  it('large t equals t = infinity (1e-8); at t = infinity the train predictions equal the targets (1e-8)', () => {
    const inf = dyn.predict(Infinity);
    const late = dyn.predict(1e12);
    inf.train.forEach((v, i) => expect(Math.abs(v - data.y[i])).toBeLessThan(1e-8));
    late.test.forEach((v, i) => expect(Math.abs(v - inf.test[i])).toBeLessThan(1e-8));
    // t = infinity test = f0* + Theta* Theta^{-1} (y - f0) (independent solve).
    const alpha = solve(tt.ntk, data.y.map((y, i) => y - f0Train[i]));
    st.ntk.forEach((row, i) => expect(Math.abs(inf.test[i] - f0Test[i] - row.reduce((s, v, j) => s + v * alpha[j], 0))).toBeLessThan(1e-8));
  });

  it('matches many small Euler steps of df/dt = -(eta/N) Theta (f - y) (1e-4 at t = 2 with dt = 1e-4)', () => {
    const n = data.y.length;
    const dt = 1e-4;
    let fTrain = [...f0Train];
    let fTest = [...f0Test];
    for (let s = 0; s < 2 / dt; s++) {
      const r = fTrain.map((f, i) => f - data.y[i]);
      fTrain = fTrain.map((f, i) => f - (dt / n) * tt.ntk[i].reduce((acc, v, j) => acc + v * r[j], 0));
      fTest = fTest.map((f, i) => f - (dt / n) * st.ntk[i].reduce((acc, v, j) => acc + v * r[j], 0));
    }
    const p = dyn.predict(2);
    p.train.forEach((v, i) => expect(Math.abs(v - fTrain[i])).toBeLessThan(1e-4));
    p.test.forEach((v, i) => expect(Math.abs(v - fTest[i])).toBeLessThan(1e-4));
  });
});

describe('maxLearningRate', () => {
  it('is 2N / lambda_max; discrete GD converges at 0.95x and diverges at 1.05x', () => {
    const n = data.y.length;
    const eta = maxLearningRate(tt.ntk);
    const { values } = symmetricEigen(toDense(tt.ntk));
    expect(Math.abs(eta - (2 * n) / values[n - 1])).toBeLessThan(1e-12 * eta);
    const run = (lr: number) => {
      let f = new Array<number>(n).fill(0);
      for (let s = 0; s < 3000; s++) {
        const r = f.map((v, i) => v - data.y[i]);
        f = f.map((v, i) => v - (lr / n) * tt.ntk[i].reduce((acc, k, j) => acc + k * r[j], 0));
      }
      return Math.max(...f.map((v, i) => Math.abs(v - data.y[i])));
    };
    // Below the bound every mode contracts (the slowest ones need not have finished: only boundedness is asserted).
    expect(run(0.95 * eta)).toBeLessThan(Math.max(...data.y.map(Math.abs)));
    expect(run(1.05 * eta)).toBeGreaterThan(1e3);
  });
});

describe('linear algebra', () => {
  it('symmetricEigen reconstructs A and V is orthonormal (1e-12 relative) for random and degenerate matrices', () => {
    const rng = createRng(5);
    for (const n of [1, 2, 7, 60]) {
      const b = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
      const a = b.map((r, i) => b.map((s) => r.reduce((acc, v, k) => acc + v * s[k], 0) + (i === 0 ? 0 : 0)));
      for (const m of [a, Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 2 : 0)))]) {
        const { values, vectors } = symmetricEigen(toDense(m));
        const v = vectors.data;
        const scale = Math.max(1, ...values.map(Math.abs));
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let rec = 0;
            let dot = 0;
            for (let k = 0; k < n; k++) {
              rec += v[i * n + k] * values[k] * v[j * n + k];
              dot += v[k * n + i] * v[k * n + j];
            }
            expect(Math.abs(rec - m[i][j])).toBeLessThan(1e-12 * scale);
            expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
          }
        }
        for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
      }
    }
  });

  it('cholesky: L L^T = A (1e-13) and no jitter for a well-conditioned matrix', () => {
    const { factor, jitter } = cholesky(toDense(tt.ntk));
    expect(jitter).toBe(0);
    const n = tt.ntk.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += factor.data[i * n + k] * factor.data[j * n + k];
        expect(Math.abs(s - tt.ntk[i][j])).toBeLessThan(1e-13 * tt.ntk[i][i]);
      }
    }
  });
});
