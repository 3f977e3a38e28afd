/**
 * ntk-heatmaps (the heatmaps of the ntk-convergence widget), through the
 * experiment function on wasm:
 *  - the structured and generic empirical NTKs of one network agree to 1e-4
 *    (relative Frobenius, float32) at small widths, for ReLU, erf and tanh;
 *  - the analytic kernel is core's, with a hand-computed diagonal;
 *  - the relative error at width 2048 is far below the one at width 32;
 *  - the heatmap network is the first network of the ntk-convergence sweep
 *    (same error on the same grid);
 *  - the generic path is refused, with a message and without any compute,
 *    when its Jacobian would exceed 200 MB;
 *  - no tensor leaks.
 * The n^{-1/2} slope itself (in [-0.65, -0.35]) is tested in
 * experiments-convergence.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticKernels, embedInputs } from '../../src/core';
import { initBackend } from '../../src/nn/backend';
import { runExperiment } from '../../src/nn/experiments/run';
import { runNtkConvergence } from '../../src/nn/experiments/index';
import { kernelGrid } from '../../src/nn/experiments/ntk-convergence';
import {
  GENERIC_JACOBIAN_LIMIT_BYTES, genericLimit, ntkHeatmaps, parameterCount, type NtkHeatmapsData, type NtkHeatmapsParams,
} from '../../src/nn/experiments/ntk-heatmaps';

const run = (p: Partial<NtkHeatmapsParams>, onProgress?: (d: NtkHeatmapsData) => void): Promise<NtkHeatmapsData> =>
  runExperiment(ntkHeatmaps, p, onProgress ? (pr) => onProgress(pr.data) : undefined);

describe('ntk-heatmaps experiment (wasm)', () => {
  beforeAll(async () => { expect(await initBackend('wasm')).toBe('wasm'); });

  it('structured and generic kernels agree to 1e-4 relative (ReLU/erf/tanh, small widths), both ways round; no leaks', async () => {
    const before = tf.memory().numTensors;
    for (const [activation, depth, width] of [['relu', 2, 32], ['erf', 3, 16], ['tanh', 1, 64]] as const) {
      const generic = await run({ width, depth, activation, method: 'generic', compare: true, points: 12, seed: 4 });
      expect(generic.refusal).toBeNull();
      expect(generic.agreement).not.toBeNull();
      expect(generic.agreement!.relativeFrobenius).toBeLessThan(1e-4);
      expect(generic.agreement!.relativeMax).toBeLessThan(1e-4);
      expect(generic.timings.structuredMs).toBeGreaterThan(0);
      expect(generic.timings.genericMs).toBeGreaterThan(0);
      expect(generic.generic.rowsDone).toBe(12);
      const structured = await run({ width, depth, activation, method: 'structured', compare: false, points: 12, seed: 4 });
      expect(structured.timings.genericMs).toBeNull();
      expect(structured.agreement).toBeNull();
      // The kernel shown in generic mode is the Jacobian contraction's; in structured mode the structured one.
      let diff2 = 0, ref2 = 0;
      structured.empirical!.forEach((row, i) => row.forEach((v, j) => { diff2 += (generic.empirical![i][j] - v) ** 2; ref2 += v * v; }));
      expect(Math.sqrt(diff2 / ref2)).toBeLessThan(1e-4);
      expect(Math.sqrt(diff2 / ref2)).toBeGreaterThan(0); // two different float32 computations, not one copied
      // Symmetric kernel from the generic blocks.
      generic.empirical!.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(generic.empirical![j][i])));
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('the analytic panel is core\'s NTK on the even grid (ReLU, σ_w² = 2, σ_b² = 0.1, L = 2: diagonal 3.6)', async () => {
    const d = await run({ width: 8, depth: 2, points: 24, method: 'structured', compare: false, seed: 1 });
    expect(d.xs).toHaveLength(24);
    expect(d.xs[0]).toBeCloseTo(-Math.PI + Math.PI / 24, 5);
    expect(d.xs[23]).toBeCloseTo(Math.PI - Math.PI / 24, 5);
    // On the unit circle: K¹ = 2·½ + 0.1 = 1.1; K² = 2·0.55 + 0.1 = 1.2, Θ² = 1.2 + 1.1 = 2.3; K³ = 1.3, Θ³ = 1.3 + 2.3 = 3.6.
    for (let i = 0; i < 24; i++) expect(d.analytic[i][i]).toBeCloseTo(3.6, 5);
    const exact = analyticKernels(embedInputs(kernelGrid(24), 'circle'), embedInputs(kernelGrid(24), 'circle'),
      { depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1 }).ntk;
    d.analytic.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(exact[i][j], 5)));
    // The difference panel is empirical − analytic.
    expect(d.difference![3][7]).toBeCloseTo(d.empirical![3][7] - d.analytic[3][7], 4);
  });

  it('relative Frobenius error at width 2048 is less than a third of the error at width 32 (seeded, depth 2)', async () => {
    const errors: Record<number, number> = {};
    for (const width of [32, 2048]) {
      const d = await run({ width, depth: 2, method: 'structured', compare: false, seed: 2 });
      expect(d.relativeError).not.toBeNull();
      errors[width] = d.relativeError!;
    }
    expect(errors[2048]).toBeLessThan(errors[32] / 3);
    expect(errors[2048]).toBeLessThan(0.1);
    expect(errors[32]).toBeGreaterThan(0.1);
  }, 60_000);

  it('the heatmap network is the first network of the ntk-convergence sweep: same error on the same grid', async () => {
    const common = { depth: 2, activation: 'erf', weightVariance: 1.5, biasVariance: 0.2, points: 16, seed: 9 } as const;
    const sweep = await runNtkConvergence({ ...common, widths: [64, 256], seeds: 2, inputs: 'grid' });
    for (const [w, width] of [64, 256].entries()) {
      const d = await run({ ...common, width, method: 'structured', compare: false });
      expect(d.relativeError!).toBeCloseTo(sweep.errors[w][0], 5);
    }
  }, 60_000);

  it('refuses the generic method above 200 MB of Jacobian, with the largest allowed width, and computes nothing', async () => {
    const limit = genericLimit(2048, 2, 24);
    expect(limit.allowed).toBe(false);
    const bytes = (n: number) => 24 * parameterCount({ inputDim: 2, width: n, depth: 2 }) * 4;
    expect(bytes(limit.maxWidth)).toBeLessThanOrEqual(GENERIC_JACOBIAN_LIMIT_BYTES);
    expect(bytes(limit.maxWidth + 1)).toBeGreaterThan(GENERIC_JACOBIAN_LIMIT_BYTES);
    expect(parameterCount({ inputDim: 2, width: 1024, depth: 2 })).toBe(3 * 1024 + 1024 * 1024 + 1024 + 1024 + 1);
    const t0 = performance.now();
    let progressCalls = 0;
    const d = await run({ width: 4096, depth: 4, method: 'generic', points: 24 }, () => { progressCalls++; });
    expect(performance.now() - t0).toBeLessThan(2000); // no 50M-parameter network was built
    expect(progressCalls).toBe(0);
    expect(d.refusal).toMatch(/^generic method limited to width ≤ \d+ at depth 4: .* switch to structured$/);
    expect(d.refusal).toContain(`width ≤ ${genericLimit(4096, 4, 24).maxWidth} at depth 4`);
    expect(d.empirical).toBeNull();
    expect(d.relativeError).toBeNull();
    // Within the limit the generic method runs; in structured mode an over-limit comparison is skipped.
    expect(genericLimit(1024, 2, 24).allowed).toBe(true);
    const skipped = await run({ width: 2048, depth: 2, method: 'structured', compare: true, points: 24 });
    expect(skipped.refusal).toBeNull();
    expect(skipped.empirical).not.toBeNull();
    expect(skipped.timings.genericMs).toBeNull();
    expect(skipped.generic.allowed).toBe(false);
  }, 60_000);
});
