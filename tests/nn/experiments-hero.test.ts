/**
 * hero experiment: a network trained by gradient descent next to the
 * infinite-width NTK prediction from the same f_0 (Lee et al. 2019). Both
 * start equal; after 500 steps the gap max_x |f_t(x) - f^ntk_t(x)| is several
 * times smaller at width 2048 than at width 16 (mean over two seeds; the gap
 * falls roughly like n^{-1/2}, so the expected ratio is ~11 and the measured
 * one ~8).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/nn/backend';
import { hero, predictionGap, type HeroData } from '../../src/nn/experiments/hero';
import { runExperiment } from '../../src/nn/experiments/run';
import { resolveParams } from '../../src/nn/experiments/params';

const STEPS = 500;

async function gapAfter(width: number, seed: number): Promise<HeroData> {
  return runExperiment(hero, { width, depth: 1, steps: STEPS, seed });
}

describe('hero experiment (wasm)', () => {
  beforeAll(async () => { expect(await initBackend('wasm')).toBe('wasm'); });

  it('starts with the network and the NTK prediction equal (same f_0), and both fit the points', async () => {
    const session = await hero.createSession(resolveParams(hero.schema, { width: 64, steps: 200 }).values);
    try {
      const start = session.snapshot();
      expect(start.step).toBe(0);
      expect(start.gapMax).toBeLessThan(1e-5);
      expect(start.prediction).toHaveLength(100);
      expect(start.trainXs).toHaveLength(16);
      await session.step(200);
      const end = session.snapshot();
      expect(end.step).toBe(200);
      expect(end.trainLoss!).toBeLessThan(0.02 * start.kernelTrainLoss);
      expect(end.kernelTrainLoss).toBeLessThan(0.02 * start.kernelTrainLoss);
      for (const v of [...end.prediction, ...end.kernelPrediction]) expect(Number.isFinite(v)).toBe(true);
      // The gap reported is the one between the arrays returned (up to their 6-digit rounding).
      expect(Math.abs(predictionGap(end.prediction, end.kernelPrediction).max - end.gapMax!)).toBeLessThan(1e-5);
    } finally {
      session.dispose();
    }
  }, 60_000);

  it(`after ${STEPS} steps the network-vs-NTK gap at width 2048 is at least 4x smaller than at width 16 (mean of 2 seeds)`, async () => {
    const narrow = [await gapAfter(16, 1), await gapAfter(16, 2)];
    const wide = [await gapAfter(2048, 1), await gapAfter(2048, 2)];
    for (const d of [...narrow, ...wide]) {
      expect(d.step).toBe(STEPS);
      expect(d.diverged).toBeNull();
    }
    const mean = (ds: HeroData[]) => ds.reduce((s, d) => s + d.gapMax!, 0) / ds.length;
    const gapNarrow = mean(narrow);
    const gapWide = mean(wide);
    // Measured (wasm, seeds 1 and 2): 0.265 at width 16, 0.033 at width 2048.
    expect(gapWide * 4).toBeLessThan(gapNarrow);
    expect(gapWide).toBeLessThan(0.06);
    // The same holds for the relative RMS gap.
    const rel = (ds: HeroData[]) => ds.reduce((s, d) => s + d.gapRelative!, 0) / ds.length;
    expect(rel(wide) * 4).toBeLessThan(rel(narrow));
  }, 60_000);
});
