/**
 * prior-samples experiment (Node, wasm): random networks at initialization
 * against the NNGP limit (Neal 1996; Lee et al. 2018).
 *
 * Tolerances come from the sample sizes. For m independent Gaussian outputs
 * of variance K, the sample variance has standard error K sqrt(2 / (m - 1));
 * we allow 4 standard errors. The excess kurtosis of m Gaussian samples has
 * standard error sqrt(24 / m) (0.077 for m = 4000).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyticKernels, createRng, embedInputs, sampleMlp } from '../../src/core';
import { initBackend } from '../../src/nn/backend';
import { defaultsOf } from '../../src/ui/params';
import { runExperiment } from '../../src/nn/experiments/run';
import { priorSamples, type PriorSamplesData, type PriorSamplesParams } from '../../src/nn/experiments/prior-samples';
import {
  firstLayerVariance, ksDistanceToGaussian, moments, sampleOutputsAtInput, theoryExcessKurtosis, valueAt,
} from '../../src/nn/experiments/prior-samples-stats';

const run = (p: Partial<PriorSamplesParams>, onProgress?: (d: PriorSamplesData, done: number) => void) =>
  runExperiment(priorSamples, p, onProgress ? (pr) => onProgress(pr.data, pr.unitsDone) : undefined);

/** Four standard errors of a sample variance of m Gaussian values with variance k. */
const varianceTolerance = (k: number, m: number) => 4 * k * Math.sqrt(2 / (m - 1));

/** Two-sample KS statistic. */
function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0; let j = 0; let d = 0;
  while (i < x.length && j < y.length) {
    const t = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= t) i++;
    while (j < y.length && y[j] <= t) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}
/** Critical value of the two-sample KS test at level 0.001: c(alpha) sqrt((m1 + m2) / (m1 m2)), c = 1.949. */
const ksCritical = (m1: number, m2: number) => 1.949 * Math.sqrt((m1 + m2) / (m1 * m2));

describe('prior-samples experiment', () => {
  it('width 1024: variance of f(x0) over networks matches the NNGP K(x0, x0) within 4 standard errors', async () => {
    await initBackend('wasm');
    const d = await run({ width: 1024, depth: 1, count: 200, readoutSamples: 4000, x0: 0, seed: 3 });
    const k = analyticKernels(embedInputs([0]), embedInputs([0]), { depth: 1, activation: 'relu', weightVariance: 2, biasVariance: 0 }).nngp[0][0];
    expect(d.nngpAtX0).toBeCloseTo(k, 6);
    expect(k).toBeCloseTo(1, 12); // ReLU, sigma_w^2 = 2, sigma_b^2 = 0, |x| = 1: K = 1 at every depth
    // The 200 real networks (x0 = 0 is a grid point: no interpolation).
    expect(d.grid[90]).toBeCloseTo(0, 12);
    expect(d.atX0).toHaveLength(200);
    expect(d.atX0.every((v, i) => v === d.curves[i][90])).toBe(true);
    const drawn = moments(d.atX0);
    expect(Math.abs(drawn.variance - k)).toBeLessThan(varianceTolerance(k, 200)); // 0.40
    // The 4000-network readout sample.
    expect(d.readout.samples).toBe(4000);
    expect(Math.abs(d.readout.variance - k)).toBeLessThan(varianceTolerance(k, 4000)); // 0.089
    // Band = NNGP variance on the grid: constant on the circle.
    for (const v of d.nngpVariance) expect(v).toBeCloseTo(k, 6);
  });

  it('readout sample, deeper and smooth: tanh depth 3 at width 1024 has variance K(x0, x0) within 4 standard errors', () => {
    const spec = { width: 1024, depth: 3, activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 } as const;
    const m = 4000;
    const s = sampleOutputsAtInput(spec, firstLayerVariance(spec, 1, 2), m, createRng(5));
    const k = analyticKernels(embedInputs([1]), embedInputs([1]), { ...spec }).nngp[0][0];
    expect(Math.abs(moments(s).variance - k)).toBeLessThan(varianceTolerance(k, m));
  });

  it('excess kurtosis: about 7.5 at width 2, within noise of 0 at width 1024 (ReLU, depth 1)', async () => {
    await initBackend('wasm');
    const narrow = await run({ width: 2, count: 30, readoutSamples: 4000, seed: 2 });
    const wide = await run({ width: 1024, count: 30, readoutSamples: 4000, seed: 2 });
    expect(narrow.readout.theoryKurtosis).toBeCloseTo(7.5, 10); // 15 / n
    expect(wide.readout.theoryKurtosis! / (15 / 1024)).toBeCloseTo(1, 5); // rounded to 6 digits
    // Estimator spread measured over 60 seeds at width 2: sd 1.3, minimum 5.5.
    expect(narrow.readout.excessKurtosis).toBeGreaterThan(3);
    expect(Math.abs(wide.readout.excessKurtosis)).toBeLessThan(4 * wide.readout.kurtosisNoise);
    expect(narrow.readout.excessKurtosis).toBeGreaterThan(10 * Math.abs(wide.readout.excessKurtosis));
    // KS distance: far above its noise floor at width 2 (0.16 expected), near it at width 1024.
    expect(narrow.readout.ks).toBeGreaterThan(5 * narrow.readout.ksFloor);
    expect(wide.readout.ks).toBeLessThan(3 * wide.readout.ksFloor);
    // Histogram counts every readout value once.
    const h = narrow.readout.histogram;
    expect(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above).toBe(4000);
  });

  it('the one-input sampler draws what real networks output: two-sample KS against float64 networks and the tfjs networks', async () => {
    // Width 2, depth 2: strongly non-Gaussian (excess kurtosis 3 ((1 + 5/2)^2 - 1) = 33.75), so differences would show.
    const spec = { width: 2, depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1 } as const;
    const m = 4000;
    const marginal = sampleOutputsAtInput(spec, firstLayerVariance(spec, 1, 2), m, createRng(21));
    const rng = createRng(22);
    const x0 = embedInputs([1]);
    const real = Array.from({ length: m }, () => sampleMlp({ ...spec, inputDim: 2 }, rng).forward(x0)[0]);
    expect(ksTwoSample(marginal, real)).toBeLessThan(ksCritical(m, m)); // 0.044
    // A wrong sampler (Gaussian with the right variance) is rejected by the same test.
    const gaussian = Array.from({ length: m }, () => Math.sqrt(moments(real).variance) * rng.normal());
    expect(ksTwoSample(gaussian, real)).toBeGreaterThan(ksCritical(m, m));

    await initBackend('wasm');
    const d = await run({ ...spec, count: 200, readoutSamples: m, seed: 4 });
    expect(ksTwoSample(d.atX0, real)).toBeLessThan(ksCritical(200, m)); // the engine's networks, 0.141
  });

  it('closed forms agree: depth-1 quadrature at sigma_b^2 -> 0 gives the ReLU product formula 15 / n; erf against a large sample', () => {
    for (const n of [1, 4, 64]) {
      const quad = theoryExcessKurtosis({ width: n, depth: 1, activation: 'relu', weightVariance: 2, biasVariance: 1e-12 }, 1);
      expect(quad!).toBeCloseTo(15 / n, 6);
    }
    expect(theoryExcessKurtosis({ width: 4, depth: 3, activation: 'relu', weightVariance: 1, biasVariance: 0 }, 0.5)).toBeCloseTo(3 * (2.25 ** 3 - 1), 10);
    expect(theoryExcessKurtosis({ width: 4, depth: 2, activation: 'tanh', weightVariance: 1, biasVariance: 0.1 }, 0.6)).toBeNull();
    // ReLU product formula against the one-input sampler: depth 2, width 32, kappa = 3 ((1 + 5/32)^2 - 1) = 1.011;
    // the estimate from 100000 networks scattered with sd 0.04 over 10 seeds.
    const relu = { width: 32, depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0 } as const;
    const r = sampleOutputsAtInput(relu, 1, 100_000, createRng(9));
    expect(Math.abs(moments(r).excessKurtosis - theoryExcessKurtosis(relu, 1)!)).toBeLessThan(0.2);
    // erf, width 2: bounded activation, so the sample kurtosis is well behaved (sd 0.165 at m = 4000, so about 0.03 at m = 100000).
    const spec = { width: 2, depth: 1, activation: 'erf', weightVariance: 2, biasVariance: 0 } as const;
    const q1 = firstLayerVariance(spec, 1, 2);
    const s = sampleOutputsAtInput(spec, q1, 100_000, createRng(8));
    expect(Math.abs(moments(s).excessKurtosis - theoryExcessKurtosis(spec, q1)!)).toBeLessThan(0.15);
  });

  it('progress: curves arrive one network per unit, the readout grows with them; seeded; x0 is live; tensors freed', async () => {
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    const seen: [number, number, number][] = [];
    const d = await run({ width: 16, depth: 2, count: 30, readoutSamples: 600, seed: 9 }, (data, done) => {
      seen.push([done, data.curves.length, data.readout.samples]);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen.map((s) => s[0])).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const [done, curves, samples] of seen) {
      expect(curves).toBe(done);
      expect(samples).toBe(Math.floor((600 * done) / 30));
    }
    expect(d.curves.flat().every(Number.isFinite)).toBe(true);
    expect(d.curves.every((c) => c.length === 181)).toBe(true);
    const again = await run({ width: 16, depth: 2, count: 30, readoutSamples: 600, seed: 9 });
    expect(again.curves).toEqual(d.curves);
    expect(again.readout).toEqual(d.readout);
    const other = await run({ width: 16, depth: 2, count: 30, readoutSamples: 600, seed: 10 });
    expect(other.curves[0]).not.toEqual(d.curves[0]);

    // x0 changes in place: the drawn curves stay, their marked values move.
    const session = await priorSamples.createSession({ ...defaultsOf(priorSamples.schema), count: 30, width: 8 });
    await session.step(3);
    const a = session.snapshot();
    session.setParams!({ x0: -2 });
    const b = session.snapshot();
    expect(b.curves).toEqual(a.curves);
    expect(b.x0).toBe(-2);
    expect(b.atX0[1]).toBeCloseTo(valueAt(b.grid, b.curves[1], -2), 4);
    expect(b.atX0).not.toEqual(a.atX0);
    session.dispose();
  });

  it('KS distance helper: 0.5 for a sample at 0 only; small for a Gaussian sample', () => {
    expect(ksDistanceToGaussian([0, 0, 0, 0], 1)).toBeCloseTo(0.5, 12);
    const rng = createRng(1);
    const g = Array.from({ length: 4000 }, () => 2 * rng.normal());
    expect(ksDistanceToGaussian(g, 2)).toBeLessThan(0.035); // mean 0.014, the 0.999 quantile is 1.95 / sqrt(4000) = 0.031
  });
});
