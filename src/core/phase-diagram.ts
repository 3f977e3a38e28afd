/**
 * Phase diagram of signal propagation over (sigma_w^2, sigma_b^2) (Poole et al. 2016;
 * Schoenholz et al. 2017, Fig. 1): chi_1 and the correlation depth scale xi_c on a
 * grid, and the critical line chi_1 = 1 that separates the ordered phase (chi_1 < 1)
 * from the chaotic one (chi_1 > 1).
 */
import { resolveActivation, type ResolvedActivation } from './activations';
import { findRoot } from './root-finding';
import { chiOne, propagate } from './signal-propagation';
import type { Activation, Matrix } from './types';

export interface PhaseDiagram {
  weightVariance: number[];
  biasVariance: number[];
  /** chi1[iBias][iWeight]. */
  chi1: Matrix;
  /** depthScale[iBias][iWeight] (Infinity on the critical line). */
  depthScale: Matrix;
  /** For each grid sigma_b^2 where chi_1 crosses 1 inside the weight range, the sigma_w^2 of the crossing. */
  criticalLine: { biasVariance: number; weightVariance: number }[];
}

function grid(range: [number, number], count: number, name: string): number[] {
  const [a, b] = range;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b < a) throw new Error(`${name} range must satisfy 0 <= min <= max, got [${a}, ${b}]`);
  if (count === 1) return [a];
  return Array.from({ length: count }, (_, k) => (k === count - 1 ? b : a + ((b - a) * k) / (count - 1)));
}

/** chi_1 - 1 at (sigma_w^2, sigma_b^2), without the correlation map (cheaper than propagate). */
function excess(activation: ResolvedActivation, weightVariance: number, biasVariance: number): number {
  return chiOne(activation, weightVariance, biasVariance) - 1;
}

/** sigma_w^2 in [lo, hi] where chi_1 = 1 (the sign of chi_1 - 1 differs at lo and hi), to 1e-13 relative. */
export function criticalWeightVariance(activation: ResolvedActivation, biasVariance: number, lo: number, hi: number): number {
  return findRoot((w) => excess(activation, w, biasVariance), lo, hi, 1e-13);
}

export function phaseDiagramOf(args: {
  activation: Activation;
  weightVariance: [number, number];
  biasVariance: [number, number];
  resolution: number | [number, number];
}): PhaseDiagram {
  const activation = resolveActivation(args.activation);
  const [nw, nb] = typeof args.resolution === 'number' ? [args.resolution, args.resolution] : args.resolution;
  for (const r of [nw, nb]) if (!Number.isInteger(r) || r < 1 || r > 2000) throw new Error(`resolution must be an integer in [1, 2000], got ${r}`);
  const weights = grid(args.weightVariance, nw, 'weightVariance');
  const biases = grid(args.biasVariance, nb, 'biasVariance');
  const chi1: Matrix = [];
  const depthScale: Matrix = [];
  const criticalLine: { biasVariance: number; weightVariance: number }[] = [];
  for (const b of biases) {
    const chiRow: number[] = [];
    const xiRow: number[] = [];
    for (const w of weights) {
      const p = propagate(activation, w, b);
      chiRow.push(p.chi1);
      xiRow.push(p.depthScale);
    }
    chi1.push(chiRow);
    depthScale.push(xiRow);
    for (let k = 0; k < weights.length; k++) {
      if (chiRow[k] === 1) {
        criticalLine.push({ biasVariance: b, weightVariance: weights[k] });
        break;
      }
      if (k + 1 < weights.length && (chiRow[k] - 1) * (chiRow[k + 1] - 1) < 0) {
        criticalLine.push({ biasVariance: b, weightVariance: criticalWeightVariance(activation, b, weights[k], weights[k + 1]) });
        break;
      }
    }
  }
  return { weightVariance: weights, biasVariance: biases, chi1, depthScale, criticalLine };
}
