/**
 * Data of the phase-diagram figure, from the numerical core only
 * (signal propagation: Poole et al. 2016; Schoenholz et al. 2017).
 *
 * - The grid over (σ_w², σ_b²) of χ₁ = σ_w² E[φ'(√q* z)²] and of the
 *   correlation depth scale ξ_c = −1 / ln χ_c: expensive, computed
 *   progressively once per activation (grid-job.ts) and cached by the widget.
 * - At the marker: c^l for l = 0..depth from the chosen c⁰, the fixed point
 *   c*, χ₁, ξ_c and the phase (ordered χ₁ < 1: correlations → 1; chaotic
 *   χ₁ > 1: correlations → c* < 1).
 */
import { correlationMap } from '../../core';
import type { PhaseDiagramParams } from './schema';
import { phaseDiagramParams } from './schema';

/** Fine grid resolution [columns along σ_w², rows along σ_b²]; (n − 1) divisible by 4 for the coarse levels. */
export const GRID_RESOLUTION: [number, number] = [61, 41];
/** The plane shown: the parameter ranges of the schema. */
export const WEIGHT_RANGE: [number, number] = [phaseDiagramParams.weightVariance.min, phaseDiagramParams.weightVariance.max];
export const BIAS_RANGE: [number, number] = [phaseDiagramParams.biasVariance.min, phaseDiagramParams.biasVariance.max];
/** |ln χ₁| below this counts as "at the critical line" in the readout. */
export const CRITICAL_TOLERANCE = 0.01;

/** 'unbounded': q* = ∞, the variance grows without bound (ReLU with σ_w² ≥ 2); no fixed point, no phase. */
export type Phase = 'ordered' | 'chaotic' | 'critical' | 'unbounded';

export interface MarkerData {
  chi1: number;
  depthScale: number;
  cStar: number;
  qStar: number;
  /** c⁰ … c^depth at the marker. */
  correlations: number[];
  phase: Phase;
  problems: string[];
  /** Facts worth a footer line that are not problems (e.g. q* = ∞). */
  notes: string[];
}

type PhaseActivation = 'tanh' | 'erf' | 'relu';

export function phaseOf(chi1: number): Phase {
  if (Math.abs(Math.log(chi1)) < CRITICAL_TOLERANCE) return 'critical';
  return chi1 < 1 ? 'ordered' : 'chaotic';
}

/** Fine grid centres along one axis (same formula as the core's grid). */
export function fineCentres(range: [number, number], n: number): number[] {
  return Array.from({ length: n }, (_, k) => (k === n - 1 ? range[1] : range[0] + ((range[1] - range[0]) * k) / (n - 1)));
}

export function computeMarker(p: PhaseDiagramParams): MarkerData {
  try {
    const cm = correlationMap({ activation: p.activation as PhaseActivation, weightVariance: p.weightVariance, biasVariance: p.biasVariance });
    const correlations = cm.correlationsOverDepth(p.correlation, p.depth);
    const problems: string[] = [];
    const notes: string[] = [];
    if (!Number.isFinite(cm.qStar)) {
      notes.push('Here q* = ∞: the pre-activation variance grows without bound with depth (ReLU with σ_w² ≥ 2); correlations are shown for the limit q → ∞.');
    }
    if (!correlations.every(Number.isFinite)) problems.push('The correlation is not finite for these variances.');
    return { chi1: cm.chi1, depthScale: cm.depthScale, cStar: cm.cStar, qStar: cm.qStar, correlations, phase: Number.isFinite(cm.qStar) ? phaseOf(cm.chi1) : 'unbounded', problems, notes };
  } catch (err) {
    return {
      chi1: NaN, depthScale: NaN, cStar: NaN, qStar: NaN, correlations: [], phase: 'ordered', notes: [],
      problems: [`Signal propagation failed here: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
}
