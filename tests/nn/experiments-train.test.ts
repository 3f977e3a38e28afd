/**
 * train-mlp: a wide network trained by gradient descent follows the
 * infinite-width linearized prediction (analytic NTK, same f_0) at the same
 * step (Lee et al. 2019); the gap shrinks with width.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/nn/backend';
import { runTrainMlp } from '../../src/nn/experiments/index';

function relativeGap(a: number[], b: number[]): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) { d += (a[i] - b[i]) ** 2; n += b[i] ** 2; }
  return Math.sqrt(d / n);
}

describe('train-mlp experiment (wasm)', () => {
  beforeAll(async () => { expect(await initBackend('wasm')).toBe('wasm'); });

  it('network vs infinite-width prediction after 300 steps: gap below 10% at width 2048, and 4x smaller than at width 32', async () => {
    const base = { depth: 1, steps: 300, points: 12, gridPoints: 60, learningRateFraction: 0.5, seed: 2 } as const;
    const narrow = await runTrainMlp({ ...base, width: 32 });
    const wide = await runTrainMlp({ ...base, width: 2048 });
    expect(wide.step).toBe(300);
    expect(wide.trainLoss!).toBeLessThan(0.05);
    const gapWide = relativeGap(wide.prediction, wide.kernelPrediction);
    const gapNarrow = relativeGap(narrow.prediction, narrow.kernelPrediction);
    expect(gapWide).toBeLessThan(0.1);
    expect(gapWide * 4).toBeLessThan(gapNarrow);
  }, 60_000);
});
