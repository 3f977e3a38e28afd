/**
 * The empirical NTK of one finite network approaches core's analytic NTK of
 * the same spec, with relative Frobenius error falling like n^{-1/2}
 * (Yang 2020, Tensor Programs II, Fig. 1): fitted log-log slope in
 * [-0.65, -0.35] over widths 32..4096, 8 networks per width, on wasm (the
 * fastest Node backend: about 30x cpu for these matMuls). Depth 1 keeps the
 * 4096-wide runs cheap (drawing 8 x 16.7M initial weights of a depth-2 net in
 * JavaScript dominates otherwise); depth 2 is checked up to width 1024.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/nn/backend';
import { runNtkConvergence } from '../../src/nn/experiments/index';

const WIDTHS = [32, 64, 128, 256, 512, 1024, 2048, 4096];

describe('ntk-convergence experiment (wasm)', () => {
  beforeAll(async () => { expect(await initBackend('wasm')).toBe('wasm'); });

  it('ReLU, depth 1: mean error over 8 seeds falls with slope in [-0.65, -0.35] over widths 32..4096; no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    let progressCalls = 0;
    const data = await runNtkConvergence(
      { widths: WIDTHS, seeds: 8, points: 12, depth: 1, activation: 'relu', weightVariance: 2, biasVariance: 0.1, seed: 3 },
      () => { progressCalls++; },
    );
    expect(progressCalls).toBe(WIDTHS.length * 8);
    expect(data.errors.every((e) => e.length === 8 && e.every((v) => Number.isFinite(v) && v > 0))).toBe(true);
    expect(data.fit).not.toBeNull();
    expect(data.fit!.slope).toBeGreaterThan(-0.65);
    expect(data.fit!.slope).toBeLessThan(-0.35);
    expect(data.fit!.r2).toBeGreaterThan(0.9);
    // At width 4096 the kernel is within 6% of the infinite-width one; at 32 it is off by more than 12%.
    expect(data.meanError.at(-1)!).toBeLessThan(0.06);
    expect(data.meanError[0]!).toBeGreaterThan(0.12);
    expect(data.sampleKernels.every((k) => k !== null && k.length === 12)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('erf, depth 1 (closed-form oracle): same n^{-1/2} law over widths 32..4096', async () => {
    const data = await runNtkConvergence({ widths: WIDTHS, seeds: 8, points: 10, depth: 1, activation: 'erf', weightVariance: 1.5, biasVariance: 0.2, seed: 11 });
    expect(data.fit!.slope).toBeGreaterThan(-0.65);
    expect(data.fit!.slope).toBeLessThan(-0.35);
  }, 60_000);

  it('ReLU, depth 2 (hidden-to-hidden layer): same law over widths 32..1024', async () => {
    const data = await runNtkConvergence({ widths: WIDTHS.slice(0, 6), seeds: 8, points: 12, depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1, seed: 5 });
    expect(data.fit!.slope).toBeGreaterThan(-0.65);
    expect(data.fit!.slope).toBeLessThan(-0.35);
  }, 60_000);
});
