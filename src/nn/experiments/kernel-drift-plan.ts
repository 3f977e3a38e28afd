/**
 * The work plan of a kernel-drift session: which network trains in which
 * unit of work, and how much a unit costs.
 *
 * A gradient step of a depth-L, width-n network on N inputs costs about
 * N P multiply-adds with P = 2n + (L-1) n^2 + n weights (plus a fixed
 * overhead per call), so a width-4096 step is ~250x a width-256 step. Units
 * are sized by that estimate: every unit does at most UNIT_TARGET_WORK of
 * estimated work (at least one step), so a worker yields (pause, dispose,
 * snapshot) every few hundred milliseconds at the widest width and the
 * progress bar advances evenly. Units never straddle a measurement step.
 */

/** Steps at which a run is measured after step 0: `samples` evenly spaced counts ending at T. */
export function chunkBoundaries(steps: number, samples: number): number[] {
  const count = Math.max(1, Math.min(samples, steps));
  const out: number[] = [];
  for (let i = 1; i <= count; i++) out.push(Math.round((i * steps) / count));
  return out;
}

/** Weights of an MLP with 2-D inputs: 2n + (L-1) n^2 + n (biases are negligible). */
export function driftWeights(width: number, depth: number): number {
  return 2 * width + (depth - 1) * width * width + width;
}

/** Fixed cost of one step, in weights (tensor-op overhead of a small network). */
const STEP_OVERHEAD_WEIGHTS = 150_000;

/** Estimated work of one gradient step at this width (arbitrary units: weights touched). */
export function stepWork(width: number, depth: number): number {
  return driftWeights(width, depth) + STEP_OVERHEAD_WEIGHTS;
}

/** Estimated work of building a network and measuring its kernel (about three steps). */
export function measureWork(width: number, depth: number): number {
  return 3 * stepWork(width, depth);
}

/** Work per unit: about 0.1-0.3 s of wasm compute (1e-5 ms per weight-step measured in Node). */
export const UNIT_TARGET_WORK = 12_000_000;

export type DriftUnit =
  /** Build network `seed` of `width`, measure it at step 0 (and its grid kernel for seed 0). */
  | { kind: 'start'; width: number; seed: number; work: number }
  /** Train `steps` steps; when `measureAt` is set, the run reaches that boundary and is measured. */
  | { kind: 'train'; width: number; seed: number; steps: number; measureAt: number | null; work: number };

/** Every unit of a session, in order: widths ascending, then networks, then steps. */
export function planUnits(widths: readonly number[], depth: number, seeds: number, steps: number, samples: number): DriftUnit[] {
  const boundaries = chunkBoundaries(steps, samples);
  const units: DriftUnit[] = [];
  for (const width of widths) {
    const perStep = stepWork(width, depth);
    const stepsPerUnit = Math.max(1, Math.floor(UNIT_TARGET_WORK / perStep));
    for (let seed = 0; seed < seeds; seed++) {
      units.push({ kind: 'start', width, seed, work: measureWork(width, depth) });
      let at = 0;
      for (const boundary of boundaries) {
        while (at < boundary) {
          const k = Math.min(stepsPerUnit, boundary - at);
          at += k;
          const measureAt = at === boundary ? boundary : null;
          units.push({ kind: 'train', width, seed, steps: k, measureAt, work: k * perStep + (measureAt ? measureWork(width, depth) / 3 : 0) });
        }
      }
    }
  }
  return units;
}
