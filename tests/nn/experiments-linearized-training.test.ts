/**
 * linearized-training experiment (wasm, Node): the real network stays close
 * to its linearization, more so the wider it is (Lee et al. 2019, Theorem
 * 2.1: sup_t |f_t - f_lin_t| = O(n^{-1/2})); the recorded history is
 * consistent (all models start from the network's own f_0, the discrete
 * linearization approaches the gradient-flow formula with the same kernel as
 * eta -> 0); above the maximum stable rate the linearization diverges and is
 * reported as such, with no NaN anywhere in the data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/nn/backend';
import { runExperiment } from '../../src/nn/experiments/run';
import {
  linearizedTraining, recordSteps, rmsGap, type LinearizedTrainingData, type LinearizedTrainingParams,
} from '../../src/nn/experiments/linearized-training';

const run = (params: Partial<LinearizedTrainingParams>) => runExperiment(linearizedTraining, params);

/** Every number in a plain-data value (recursively). */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('linearized-training experiment (wasm)', () => {
  beforeAll(async () => { expect(await initBackend('wasm')).toBe('wasm'); });

  it('records 0, 1, 2, … log-spaced up to the last step', () => {
    const steps = recordSteps(1000, 80);
    expect(steps[0]).toBe(0);
    expect(steps.slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(steps.at(-1)).toBe(1000);
    expect(steps.length).toBeGreaterThan(60);
    expect(steps.length).toBeLessThanOrEqual(80);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    expect(recordSteps(10, 80)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('network vs linearization: the largest test-prediction gap over training is at least 4x smaller at width 2048 than at width 32 (3 seeds)', async () => {
    const base = { steps: 300, depth: 1, activation: 'relu', learningRate: 0.5 } as const;
    const seeds = [1, 2, 3];
    const gaps: Record<number, number[]> = { 32: [], 2048: [] };
    for (const width of [32, 2048]) {
      for (const seed of seeds) {
        const d = await run({ ...base, width, seed });
        expect(d.step).toBe(300);
        expect(d.diverged).toEqual({ network: null, linearized: null });
        // Gap recomputed from the recorded predictions agrees with the reported one.
        const last = d.recordSteps.length - 1;
        expect(rmsGap(d.network.test[last]!, d.linearized.test[last]!)).toBeCloseTo(d.gap[last]!, 4);
        gaps[width].push(d.maxGap!);
      }
    }
    const narrow = mean(gaps[32]);
    const wide = mean(gaps[2048]);
    console.info(`max_t RMS_x |f - f_lin| over 300 steps: width 32 ${gaps[32].map((g) => g.toFixed(4)).join(', ')} (mean ${narrow.toFixed(4)}); `
      + `width 2048 ${gaps[2048].map((g) => g.toFixed(4)).join(', ')} (mean ${wide.toFixed(4)}); ratio ${(narrow / wide).toFixed(1)}`);
    expect(wide).toBeLessThan(0.02);
    expect(wide * 4).toBeLessThan(narrow);
  }, 120_000);

  it('all models start at the network’s f_0; with a small step the linearization follows the gradient-flow formula with its own kernel', async () => {
    const d: LinearizedTrainingData = await run({ width: 256, steps: 100, learningRate: 0.05, seed: 4 });
    const f0 = d.network.test[0]!;
    for (const trace of [d.linearized, d.flow, d.flowEmpirical]) expect(rmsGap(trace.test[0]!, f0)).toBeLessThan(1e-5);
    expect(d.network.trainLoss[0]).toBeCloseTo(d.flow.trainLoss[0]!, 5);
    // Discrete steps with eta = 0.05 eta_max vs the continuous flow at t = step: within 5% of the distance travelled.
    const last = d.recordSteps.length - 1;
    const travelled = rmsGap(d.linearized.test[last]!, f0);
    expect(travelled).toBeGreaterThan(0.1);
    expect(rmsGap(d.linearized.test[last]!, d.flowEmpirical.test[last]!)).toBeLessThan(0.05 * travelled);
    // Losses fall for every model.
    for (const trace of [d.network, d.linearized, d.flow, d.flowEmpirical]) expect(trace.trainLoss[last]!).toBeLessThan(0.5 * trace.trainLoss[0]!);
  }, 60_000);

  it('at 2x the maximum stable rate the linearization diverges (reported, no NaN); a width-512 network survives it, a width-8 one does not', async () => {
    const wide = await run({ width: 512, learningRate: 2, steps: 200, seed: 1 });
    expect(wide.learningRate).toBeCloseTo(2 * wide.etaMax, 4);
    expect(wide.diverged.linearized).not.toBeNull();
    expect(wide.diverged.linearized!.step).toBeLessThan(20);
    expect(wide.diverged.linearized!.reason).toMatch(/exceeds|not finite|loss is/);
    // The real network's loss shoots up, then comes back down (Lewkowycz et al. 2020) instead of diverging.
    expect(wide.diverged.network).toBeNull();
    const netLoss = wide.network.trainLoss.filter((v): v is number => v !== null);
    expect(Math.max(...netLoss)).toBeGreaterThan(20 * netLoss[0]);
    expect(netLoss.at(-1)!).toBeLessThan(0.05 * netLoss[0]);

    const narrow = await run({ width: 8, learningRate: 2, steps: 200, seed: 1 });
    expect(narrow.diverged.network).not.toBeNull();
    expect(narrow.diverged.linearized).not.toBeNull();
    expect(narrow.step).toBe(200);
    // After divergence the records are null; the closed form (gradient flow) still converges.
    expect(narrow.network.test.at(-1)).toBeNull();
    expect(narrow.linearized.test.at(-1)).toBeNull();
    expect(narrow.flow.trainLoss.at(-1)!).toBeLessThan(0.01 * narrow.flow.trainLoss[0]!);

    for (const d of [wide, narrow]) {
      const values = numbersIn(d);
      expect(values.length).toBeGreaterThan(1000);
      expect(values.every(Number.isFinite)).toBe(true);
    }
    console.info(`eta = 2 eta_max: width 512 linearization diverged at step ${wide.diverged.linearized!.step}, network loss peaked at `
      + `${Math.max(...netLoss).toPrecision(3)} (from ${netLoss[0].toPrecision(3)}) and ended at ${netLoss.at(-1)!.toPrecision(3)}; `
      + `width 8 network diverged at step ${narrow.diverged.network!.step}, linearization at ${narrow.diverged.linearized!.step}`);
  }, 60_000);
});
