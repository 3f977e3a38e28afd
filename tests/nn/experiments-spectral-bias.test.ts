/**
 * spectral-bias experiment (wasm, Node). Acceptance (issue 6): at width 2048
 * the measured residual along each of the top 5 eigenvectors stays within 10%
 * of its initial size of the discrete-GD prediction (1 - eta lambda_i / N)^t r_i(0)
 * over the whole run: max_t |r_i(t) - pred_i(t)| <= 0.1 |r_i(0)|, checked after
 * EVERY step (the session keeps the running maximum), not only at recorded steps.
 *
 * Settings: depth 1, ReLU, N = 32 points evenly spaced on the circle, eta = 0.4 eta_max,
 * 1000 steps, seeds 1-3. Depth 1 because a depth-2 width-2048 network takes ~55 s for
 * 300 steps here (one 2048 x 2048 hidden layer), depth 1 ~2 s for 1000 steps; 1000 steps
 * because the slowest of the top 5 modes (frequency 2) then decays to ~1e-9 of its start.
 *
 * Which Theta: the criterion is asserted, literally and mode by mode, with the network's own
 * kernel at initialization Theta_0 (measured margins, seeds 1-5: worst mode 0.019, 5x inside 10%).
 * Theta_0's eigenvalues are all simple (a finite network splits the circle's cos/sin pairs), so
 * each of its eigenvectors is well defined; the test checks that, and checks the same bound in
 * the rotation-invariant eigenspace form (identical for simple eigenvalues).
 *
 * With the analytic infinite-width NTK the top 5 are 1 + 2 + 2: the frequency-1 and -2 pairs are
 * exactly degenerate, and which two orthonormal vectors the eigensolver returns inside a pair is
 * arbitrary. The per-vector ratio |r_i - pred_i| / |r_i(0)| then depends on that arbitrary
 * rotation: when it leaves one vector almost orthogonal to r_0 (seed 5: r_3(0) = 0.029) the
 * O(n^{-1/2}) mismatch Theta_0 - Theta shows up as 1.6x "of its start". Measured inside each
 * eigenspace, ||P(r_t - pred_t)|| / ||P r_0|| (rotation-invariant), the pairs stay within 6% for
 * seeds 1-5 (worst 0.058), and that is asserted. The constant mode (a singleton, so no rotation)
 * can still start small by chance (seed 2: r_1(0) = -0.165, deviation 0.35 of it), so for the
 * analytic kernel the singletons are asserted relative to the whole initial residual |r(0)|.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/nn/backend';
import { runExperiment } from '../../src/nn/experiments/run';
import { spectralBias, type SpectralBiasData } from '../../src/nn/experiments/spectral-bias';

function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

const settings = { width: 2048, depth: 1, activation: 'relu', points: 32, learningRate: 0.4, steps: 1000, modes: 5 } as const;
const seeds = [1, 2, 3];

describe('spectral-bias experiment (wasm)', () => {
  const runs: SpectralBiasData[] = [];
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    for (const seed of seeds) {
      const t0 = performance.now();
      runs.push(await runExperiment(spectralBias, { ...settings, seed }));
      console.info(`width 2048 depth 1, 1000 steps, seed ${seed}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }, 90_000);

  it('runs to the end with finite numbers only, tracking the top 5 modes (frequencies 0, 1, 1, 2, 2)', () => {
    for (const d of runs) {
      expect(d.step).toBe(1000);
      expect(d.diverged).toBeNull();
      expect(numbersIn(d).every(Number.isFinite)).toBe(true);
      expect(d.modes.analytic.frequencies).toEqual([0, 1, 1, 2, 2]);
      expect(d.modes.analytic.maxDeviation).toHaveLength(5);
    }
  });

  it('acceptance: max_t |r_i(t) - (1 - eta lambda_i/N)^t r_i(0)| <= 0.1 |r_i(0)| for i = 1..5 with the network’s Theta_0', () => {
    for (const [k, d] of runs.entries()) {
      const e = d.modes.empirical;
      const dev = e.maxDeviation;
      const split = [1, 3].map((i) => (e.eigenvalues[i] - e.eigenvalues[i + 1]) / e.eigenvalues[i]);
      console.info(`seed ${seeds[k]} Theta_0: max deviation / |r_i(0)| = ${dev.join(', ')} (worst ${Math.max(...dev)}); `
        + `eigenvalues ${e.eigenvalues.join(', ')} (relative split of the k = 1 and k = 2 pairs ${split.map((v) => v.toExponential(1)).join(', ')})`);
      // Every tracked eigenvalue of Theta_0 is simple: the per-vector comparison is well defined.
      expect(e.multiplicity).toEqual([1, 1, 1, 1, 1]);
      for (const v of split) expect(v).toBeGreaterThan(1e-4);
      for (const v of dev) expect(v).toBeLessThanOrEqual(0.1);
      expect(e.spaceDeviation).toEqual(e.maxDeviation);
    }
  });

  it('analytic NTK, inside each degenerate pair (rotation-invariant): max_t ||P(r_t - pred_t)|| <= 0.1 ||P r_0||', () => {
    for (const [k, d] of runs.entries()) {
      const a = d.modes.analytic;
      expect(a.multiplicity).toEqual([1, 2, 2, 2, 2]);
      console.info(`seed ${seeds[k]} analytic, per eigenspace: ${a.spaceDeviation.join(', ')} (per vector, rotation-dependent: ${a.maxDeviation.join(', ')})`);
      for (const i of [1, 2, 3, 4]) expect(a.spaceDeviation[i]).toBeLessThanOrEqual(0.1);
      // Both vectors of a pair report the same eigenspace value.
      expect(a.spaceDeviation[1]).toBe(a.spaceDeviation[2]);
      expect(a.spaceDeviation[3]).toBe(a.spaceDeviation[4]);
    }
  });

  it('analytic NTK: the same deviation stays within 5% of the whole initial residual |r(0)| (mode by mode it is printed, not asserted)', () => {
    for (const [k, d] of runs.entries()) {
      const a = d.modes.analytic;
      const r0 = Math.sqrt(2 * d.trainXs.length * d.trainLoss[0]!);
      const absolute = a.maxDeviation.map((v, i) => v * Math.abs(a.measured[i][0]!));
      console.info(`seed ${seeds[k]} analytic: max deviation / |r_i(0)| = ${a.maxDeviation.join(', ')}; `
        + `/ |r(0)| = ${absolute.map((v) => (v / r0).toFixed(4)).join(', ')} (|r(0)| = ${r0.toFixed(3)}, r_i(0) = ${a.measured.map((r) => r[0]).join(', ')})`);
      for (const v of absolute) expect(v).toBeLessThanOrEqual(0.05 * r0);
    }
  });

  it('spectral bias: after 10 steps sin x is over 90% learned and sin 6x under 30%, as predicted', () => {
    for (const d of runs) {
      const i = d.recordSteps.indexOf(10);
      const low = d.low.measured[i]! / d.low.target;
      const high = d.high.measured[i]! / d.high.target;
      console.info(`step 10: sin x ${(100 * low).toFixed(1)}% learned (predicted ${(100 * d.low.predicted[i] / d.low.target).toFixed(1)}%), `
        + `sin 6x ${(100 * high).toFixed(1)}% (predicted ${(100 * d.high.predicted[i] / d.high.target).toFixed(1)}%); `
        + `at the end sin 6x ${(100 * d.high.measured.at(-1)! / d.high.target).toFixed(1)}% (predicted ${(100 * d.high.predicted.at(-1)! / d.high.target).toFixed(1)}%)`);
      expect(d.low.eigenvalue).toBeGreaterThan(50 * d.high.eigenvalue);
      expect(low).toBeGreaterThan(0.9);
      expect(high).toBeLessThan(0.3);
      expect(Math.abs(low - d.low.predicted[i] / d.low.target)).toBeLessThan(0.05);
      expect(Math.abs(high - d.high.predicted[i] / d.high.target)).toBeLessThan(0.1);
    }
  });
});
