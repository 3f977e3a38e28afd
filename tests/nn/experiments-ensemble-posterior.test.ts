/**
 * ensemble-posterior experiment (wasm, Node): 32 networks of width 1024 trained
 * by full-batch gradient descent from different seeds agree, at every test point
 * and at several recorded steps, with the infinite-width trained ensemble of
 * Lee et al. 2019 (core's ensemblePosterior, discrete steps), within Monte Carlo
 * tolerance plus a small finite-width allowance.
 *
 * Settings (chosen for runtime, ~6 s on a loaded 2-core machine): depth L = 1,
 * ReLU, sigma_w^2 = 2, sigma_b^2 = 0.1, N = 16 training points, eta = 0.5 eta_max,
 * 200 steps, 12 log-spaced records, 41 test points over [-pi, pi].
 *
 * Tolerance, per test point x and recorded step t, with M = 32, mu and sigma^2 the
 * analytic mean and variance, m and s^2 the ensemble's sample mean and unbiased variance:
 *  - mean:     |m - mu| <= 4 sigma / sqrt(M) + EPS   (4 standard errors: two-sided p = 6e-5 per check);
 *  - variance: 0.534 sigma - EPS <= s <= 1.533 sigma + EPS, the central 1 - 6e-5 range of
 *              sqrt(chi^2_31 / 31) (i.e. s^2 / sigma^2 in [0.285, 2.351]).
 * EPS = 0.02 is the finite-width allowance: a width-n network differs from its
 * infinite-width (linear, analytic-kernel) counterpart by O(n^{-1/2}) in RMS; the
 * sample mean and the sample standard deviation move by at most that RMS difference
 * (both are 1-Lipschitz in it, up to sqrt(M/(M-1))), so an allowance on each network
 * is an allowance on m and s. 0.02 ~ 0.6 / sqrt(1024).
 * The same check must reject the wrong predictions (the Bayesian NNGP posterior at
 * the end, the gradient-flow ensemble at an early step): the tolerance has power.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticKernels, embedInputs, ensemblePosterior, maxLearningRate } from '../../src/core';
import { initBackend } from '../../src/nn/backend';
import { runningExampleSet } from '../../src/nn/experiments/data';
import {
  ensemblePosteriorExperiment, insideBand, sampleMoments, type EnsemblePosteriorData, type Moments,
} from '../../src/nn/experiments/ensemble-posterior';
import { runExperiment } from '../../src/nn/experiments/run';

const M = 32;
const EPS = 0.02;
const Z = 4;
const STD_RATIO: [number, number] = [0.534, 1.533];
const settings = {
  networks: M, width: 1024, depth: 1, activation: 'relu', learningRate: 0.5, steps: 200, records: 12, gridPoints: 41,
} as const;

/** Points outside the tolerance, and the largest excess over it (negative: the closest call was inside). */
interface Violations { mean: number; std: number; worstMean: number; worstStd: number }

/** Count test points where the sample (m, s) falls outside the tolerance around (mu, sigma). */
function check(sample: Moments, expected: Moments, m = M): Violations {
  let mean = 0;
  let std = 0;
  let worstMean = -Infinity;
  let worstStd = -Infinity;
  expected.mean.forEach((mu, j) => {
    const sigma = Math.sqrt(expected.variance[j]);
    const s = Math.sqrt(sample.variance[j]);
    const meanExcess = Math.abs(sample.mean[j] - mu) - (Z * sigma / Math.sqrt(m) + EPS);
    const stdExcess = Math.max(STD_RATIO[0] * sigma - EPS - s, s - STD_RATIO[1] * sigma - EPS);
    if (meanExcess > 0) mean++;
    if (stdExcess > 0) std++;
    worstMean = Math.max(worstMean, meanExcess);
    worstStd = Math.max(worstStd, stdExcess);
  });
  return { mean, std, worstMean, worstStd };
}

describe('ensemble-posterior experiment (wasm)', () => {
  let d: EnsemblePosteriorData;
  let seconds = 0;

  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    const t0 = performance.now();
    d = await runExperiment(ensemblePosteriorExperiment, settings);
    seconds = (performance.now() - t0) / 1000;
  }, 60_000);

  it('32 networks of width 1024: ensemble mean and variance within Monte Carlo tolerance of the analytic posterior at every test point and step', () => {
    expect(d.networksDone).toBe(M);
    expect(d.diverged).toBe(0);
    expect(d.recordSteps.at(-1)).toBe(200);
    const report: string[] = [];
    d.recordSteps.forEach((step, r) => {
      const e = d.ensemble[r]!;
      // The reported statistics are the sample moments of the recorded curves.
      const recomputed = sampleMoments(d.networks.map((n) => n.test[r]!));
      e.mean.forEach((v, j) => expect(v).toBeCloseTo(recomputed.mean[j], 5));
      const v = check(e, d.analytic[r]);
      report.push(`step ${step}: coverage ${d.coverage[r]}, worst mean excess ${v.worstMean.toFixed(4)}, worst std excess ${v.worstStd.toFixed(4)}`);
      expect(v.mean, `mean outside tolerance at ${v.mean} points, step ${step}`).toBe(0);
      expect(v.std, `std outside tolerance at ${v.std} points, step ${step}`).toBe(0);
    });
    console.info(`ensemble-posterior: ${M} networks, width 1024, in ${seconds.toFixed(1)} s\n${report.join('\n')}`);
  });

  it('the fraction of network values inside the analytic mean ± 2σ is near 0.954 (between 0.85 and 1) at every step', () => {
    for (const c of d.coverage) {
      expect(c).not.toBeNull();
      expect(c!).toBeGreaterThan(0.85);
      expect(c!).toBeLessThanOrEqual(1);
    }
    // Recompute the last one from the curves.
    const r = d.recordSteps.length - 1;
    let inside = 0;
    for (const n of d.networks) n.test[r]!.forEach((v, j) => { if (insideBand(v, d.analytic[r].mean[j], d.analytic[r].variance[j])) inside++; });
    expect(inside / (M * d.grid.length)).toBeCloseTo(d.coverage[r]!, 5);
  });

  it('the same tolerance rejects the NNGP posterior at the end and the gradient-flow ensemble at step 1 (the check has power)', () => {
    const last = d.recordSteps.length - 1;
    const nngp = check(d.ensemble[last]!, d.nngp);
    expect(nngp.mean + nngp.std).toBeGreaterThan(0);
    // Flow at the same eta and t = 1: exp(-eta Theta / N) instead of (I - eta Theta / N).
    const set = runningExampleSet(16, 0, 'circle');
    const gridInputs = embedInputs(d.grid, 'circle');
    const spec = { depth: 1, activation: 'relu' as const, weightVariance: 2, biasVariance: 0.1 };
    const tt = analyticKernels(set.inputs, set.inputs, spec);
    const st = analyticKernels(gridInputs, set.inputs, spec);
    const ss = analyticKernels(gridInputs, gridInputs, spec);
    const eta = 0.5 * maxLearningRate(tt.ntk);
    expect(eta).toBeCloseTo(d.learningRate, 4);
    const r1 = d.recordSteps.indexOf(1);
    const flow = ensemblePosterior({
      nngp: { trainTrain: tt.nngp, testTrain: st.nngp, testTest: ss.nngp },
      ntk: { trainTrain: tt.ntk, testTrain: st.ntk, testTest: ss.ntk },
      yTrain: set.targets, time: 1, learningRate: eta,
    });
    const flowCheck = check(d.ensemble[r1]!, { mean: flow.mean, variance: flow.covariance.map((row, i) => row[i]) });
    console.info(`power: NNGP posterior fails at ${nngp.mean} (mean) + ${nngp.std} (std) of ${d.grid.length} points; `
      + `flow ensemble at step 1 at ${flowCheck.mean} + ${flowCheck.std}`);
    expect(flowCheck.mean + flowCheck.std).toBeGreaterThan(0);
  });
});
