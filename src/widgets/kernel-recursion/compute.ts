/**
 * Data of the kernel-recursion figure, from the numerical core only.
 *
 * Left panel: the NNGP K^{L+1}(x, x') and NTK Θ^{L+1}(x, x') of a depth-L
 * network (READING.md recursion; Lee et al. 2018, Jacot et al. 2018) for two
 * unit-norm inputs x = (1, 0), x' = (cos θ, sin θ), θ ∈ [0, π].
 * Right panel: the correlation map c ↦ F(c) at the fixed-point variance q*
 * (Poole et al. 2016; Schoenholz et al. 2017), its stable fixed point c*, and
 * the iterates c⁰ → c^L from c⁰ = cos θ₀.
 *
 * Why the two panels agree: the first layer's correlation of x and x' is
 * K¹(x,x')/K¹(x,x) = cos θ when σ_b² = 0, and each hidden layer maps the
 * correlation through F. For ReLU F does not depend on q, so with σ_b² = 0
 * the L-th iterate c^L from c⁰ = cos θ₀ equals K^{L+1}(θ₀)/K^{L+1}(0).
 * Otherwise the map at q* is the large-depth picture, not the exact kernel.
 */
import { analyticKernelsOverDepth, correlationMap, type Matrix } from '../../core';
import type { KernelRecursionParams } from './schema';

/** Number of angles sampled on [0, π] (1° apart, so θ = π/2 is sample 90). */
export const THETA_SAMPLES = 181;
/** The angle whose correlation c⁰ = cos θ₀ starts the cobweb. */
export const THETA0 = Math.PI / 2;
/** At most this many fainter, shallower depths are drawn. */
export const MAX_SHALLOW = 5;

export interface KernelCurve {
  depth: number;
  /** Values over `theta`, normalized by the value at θ = 0 when requested. */
  nngp: number[];
  ntk: number[];
}

export interface KernelRecursionData {
  theta: number[];
  /** Shallower depths first; the last entry is the chosen depth. */
  curves: KernelCurve[];
  map: {
    c: number[];
    F: number[];
    cStar: number;
    chi1: number;
    qStar: number;
    /** c⁰, c¹, …, c^L from c⁰ = cos θ₀. */
    iterates: number[];
  };
  /** Human-readable reasons why something could not be drawn (empty when all is well). */
  problems: string[];
  /** Facts worth a footer line that are not problems (e.g. q* = ∞). */
  notes: string[];
}

/** Depths drawn faintly under the chosen one: powers of two below it, the largest MAX_SHALLOW of them. */
export function shallowerDepths(depth: number): number[] {
  const out: number[] = [];
  for (let d = 1; d < depth; d *= 2) out.push(d);
  return out.slice(-MAX_SHALLOW);
}

/** θ grid and the two input sets: x = (1, 0) against x'(θ) = (cos θ, sin θ). */
export function anglesAndInputs(samples = THETA_SAMPLES): { theta: number[]; x: Matrix; xPrime: Matrix } {
  const theta = Array.from({ length: samples }, (_, i) => (Math.PI * i) / (samples - 1));
  return { theta, x: [[1, 0]], xPrime: theta.map((t) => [Math.cos(t), Math.sin(t)]) };
}

const allFinite = (v: readonly number[]): boolean => v.every(Number.isFinite);
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function computeKernelRecursion(p: KernelRecursionParams): KernelRecursionData {
  const problems: string[] = [];
  const notes: string[] = [];
  const { theta, x, xPrime } = anglesAndInputs();
  const variances = { activation: p.activation as 'relu' | 'erf' | 'tanh', weightVariance: p.weightVariance, biasVariance: p.biasVariance };
  // One pass of the recursion gives the kernels of every depth 0..L.
  const curves: KernelCurve[] = [];
  try {
    const byDepth = analyticKernelsOverDepth(x, xPrime, { ...variances, depth: p.depth });
    for (const depth of [...shallowerDepths(p.depth), p.depth]) {
      const k = byDepth[depth];
      let nngp = k.nngp[0].slice();
      let ntk = k.ntk[0].slice();
      if (p.normalize) {
        const n0 = nngp[0];
        const t0 = ntk[0];
        nngp = nngp.map((v) => v / n0);
        ntk = ntk.map((v) => v / t0);
      }
      if (!allFinite(nngp) || !allFinite(ntk)) problems.push(`The kernel of depth ${depth} is not finite for these variances.`);
      curves.push({ depth, nngp, ntk });
    }
  } catch (err) {
    problems.push(`The kernels could not be computed: ${messageOf(err)}`);
    curves.push({ depth: p.depth, nngp: [], ntk: [] });
  }

  let map: KernelRecursionData['map'];
  try {
    const cm = correlationMap(variances);
    const iterates = cm.correlationsOverDepth(Math.cos(THETA0), p.depth);
    map = { c: cm.curve.c.slice(), F: cm.curve.F.slice(), cStar: cm.cStar, chi1: cm.chi1, qStar: cm.qStar, iterates };
    if (!Number.isFinite(cm.qStar)) {
      notes.push('Here q* = ∞: the pre-activation variance grows without bound with depth, so the correlation map is shown in the limit q → ∞.');
    }
    if (!allFinite(map.F) || !allFinite(iterates)) problems.push('The correlation map is not finite for these variances.');
  } catch (err) {
    problems.push(`The correlation map could not be computed: ${messageOf(err)}`);
    map = { c: [], F: [], cStar: NaN, chi1: NaN, qStar: NaN, iterates: [] };
  }
  return { theta, curves, map, problems, notes };
}
