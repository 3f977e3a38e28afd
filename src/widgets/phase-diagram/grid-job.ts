/**
 * The phase-diagram grid, computed progressively so the page never freezes.
 *
 * Each cell is one call of the core's correlationMap (q*, χ₁ and ξ_c at one
 * (σ_w², σ_b²); the same signal propagation as the core's phaseDiagram, which
 * does not report q*). Where q* = ∞ (ReLU with σ_w² ≥ 2: the variance grows
 * without bound) there is no fixed point to converge to, and ξ_c is stored as
 * NaN (undefined) while χ₁ is kept. For tanh a cell costs about 0.7 ms (quadrature and two
 * fixed-point searches), so the full 61 × 41 grid takes ~2 s: too long for
 * one task. The job computes coarse-to-fine (every 4th cell, then every 2nd,
 * then all), a few milliseconds per slice; after each level the widget
 * repaints a sharper heatmap. Cells of coarser levels are reused.
 *
 * The critical line χ₁ = 1 is the crossing of χ₁ = 1 along each row,
 * interpolated linearly between the two computed cells that bracket it
 * (contouring the computed field; for ReLU, χ₁ = σ_w²/2 is linear and the
 * line is exact).
 */
import { correlationMap, type Matrix } from '../../core';

export interface PhaseGrid {
  activation: string;
  /** Cell centres of the current level. */
  weightVariance: number[];
  biasVariance: number[];
  /** [iBias][iWeight] */
  chi1: Matrix;
  /** [iBias][iWeight]; NaN where q* = ∞. */
  depthScale: Matrix;
  criticalLine: { biasVariance: number; weightVariance: number }[];
  /** Stride of the current level in fine cells (4, 2, then 1 = complete). */
  stride: number;
  complete: boolean;
}

export interface GridJobOptions {
  activation: string;
  weightRange: [number, number];
  biasRange: [number, number];
  /** Fine resolution [columns, rows]; (n − 1) divisible by the coarsest stride. */
  resolution: [number, number];
  strides?: number[];
}

export interface GridJob {
  readonly activation: string;
  /** Latest completed level, or null before the coarsest one is done. */
  current(): PhaseGrid | null;
  done(): boolean;
  /** Fraction of the cells still to compute that are done, 0..1. */
  progress(): number;
  /** Milliseconds spent computing so far. */
  elapsedMs(): number;
  /** Wall-clock duration of every run() so far (ms): the tasks this job has caused. */
  sliceMs(): readonly number[];
  /** Compute cells for about `budgetMs`; true if a level was completed (repaint). */
  run(budgetMs: number): boolean;
}

const linspace = (lo: number, hi: number, n: number, k: number): number =>
  (n === 1 ? lo : k === n - 1 ? hi : lo + ((hi - lo) * k) / (n - 1));

type CoreActivation = 'tanh' | 'erf' | 'relu';

export function createGridJob(options: GridJobOptions): GridJob {
  const [nw, nb] = options.resolution;
  const strides = options.strides ?? [4, 2, 1];
  const weights = Array.from({ length: nw }, (_, k) => linspace(options.weightRange[0], options.weightRange[1], nw, k));
  const biases = Array.from({ length: nb }, (_, k) => linspace(options.biasRange[0], options.biasRange[1], nb, k));
  const chi = new Float64Array(nw * nb).fill(NaN);
  const xi = new Float64Array(nw * nb).fill(NaN);
  const computed = new Uint8Array(nw * nb);
  let levelIndex = 0;
  let queue = cellsOf(strides[0]);
  let cursor = 0;
  let latest: PhaseGrid | null = null;
  let elapsed = 0;
  const slices: number[] = [];
  const total = strides.reduce((sum, s) => sum + cellsOf(s).length, 0);
  let finished = 0;

  function cellsOf(stride: number): number[] {
    const out: number[] = [];
    for (let r = 0; r < nb; r += stride) for (let c = 0; c < nw; c += stride) out.push(r * nw + c);
    return out;
  }

  function computeCell(index: number): void {
    if (computed[index]) return;
    const r = Math.floor(index / nw);
    const c = index % nw;
    try {
      const cm = correlationMap(
        { activation: options.activation as CoreActivation, weightVariance: weights[c], biasVariance: biases[r] },
        { points: 2 },
      );
      chi[index] = cm.chi1;
      xi[index] = Number.isFinite(cm.qStar) ? cm.depthScale : NaN;
    } catch {
      chi[index] = NaN;
      xi[index] = NaN;
    }
    computed[index] = 1;
  }

  function level(stride: number): PhaseGrid {
    const cols: number[] = [];
    const rows: number[] = [];
    for (let c = 0; c < nw; c += stride) cols.push(c);
    for (let r = 0; r < nb; r += stride) rows.push(r);
    const chi1 = rows.map((r) => cols.map((c) => chi[r * nw + c]));
    const depthScale = rows.map((r) => cols.map((c) => xi[r * nw + c]));
    const w = cols.map((c) => weights[c]);
    const b = rows.map((r) => biases[r]);
    return {
      activation: options.activation, weightVariance: w, biasVariance: b, chi1, depthScale,
      criticalLine: criticalLineOf(w, b, chi1), stride, complete: stride === 1,
    };
  }

  return {
    activation: options.activation,
    current: () => latest,
    done: () => latest?.complete ?? false,
    progress: () => finished / total,
    elapsedMs: () => elapsed,
    sliceMs: () => slices,
    run(budgetMs) {
      if (latest?.complete) return false;
      const t0 = performance.now();
      let levelDone = false;
      while (performance.now() - t0 < budgetMs) {
        if (cursor < queue.length) {
          computeCell(queue[cursor++]);
          finished += 1;
          continue;
        }
        latest = level(strides[levelIndex]);
        levelDone = true;
        levelIndex += 1;
        if (levelIndex >= strides.length) break;
        queue = cellsOf(strides[levelIndex]);
        cursor = 0;
      }
      const spent = performance.now() - t0;
      elapsed += spent;
      slices.push(spent);
      return levelDone;
    },
  };
}

/**
 * For each row, the first σ_w² where χ₁ crosses 1, by linear interpolation of
 * χ₁ between the bracketing cells (rows without a crossing are skipped).
 */
export function criticalLineOf(weights: number[], biases: number[], chi1: Matrix): { biasVariance: number; weightVariance: number }[] {
  const line: { biasVariance: number; weightVariance: number }[] = [];
  biases.forEach((b, r) => {
    const row = chi1[r];
    for (let k = 0; k + 1 < row.length; k++) {
      const a = row[k] - 1;
      const c = row[k + 1] - 1;
      if (!Number.isFinite(a) || !Number.isFinite(c)) continue;
      if (a === 0) { line.push({ biasVariance: b, weightVariance: weights[k] }); return; }
      if (a * c < 0) {
        line.push({ biasVariance: b, weightVariance: weights[k] + ((weights[k + 1] - weights[k]) * a) / (a - c) });
        return;
      }
    }
  });
  return line;
}
