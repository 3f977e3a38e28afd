/**
 * Reading an ensemble-posterior session for drawing: which recorded step the
 * time slider points at, the bands at that step, a y range that stays fixed
 * while the reader moves through time, and the numbers of the readout.
 * Pure functions of the worker's data; nothing here retrains.
 */
import type { EnsemblePosteriorData, Moments } from '../../nn/experiments/ensemble-posterior-stats';

/** Record index for the slider position `time` in [0, 1] (records are log-spaced, so equal slider steps are equal ratios of t). */
export function recordIndex(records: number, time: number): number {
  if (records <= 1) return 0;
  return Math.min(records - 1, Math.max(0, Math.round(time * (records - 1))));
}

/** Slider position of record `index`. */
export function timeOfRecord(records: number, index: number): number {
  return records <= 1 ? 0 : index / (records - 1);
}

export interface Band { mean: number[]; lower: number[]; upper: number[] }

/** mean ± 2 sigma. */
export function bandOf(m: Moments): Band {
  const sd = m.variance.map((v) => 2 * Math.sqrt(Math.max(v, 0)));
  return { mean: m.mean.slice(), lower: m.mean.map((v, i) => v - sd[i]), upper: m.mean.map((v, i) => v + sd[i]) };
}

/** Network curves at record r (finished networks that reached it). */
export function curvesAt(data: EnsemblePosteriorData, r: number): number[][] {
  const out: number[][] = [];
  for (const n of data.networks) { const c = n.test[r]; if (c) out.push(c); }
  return out;
}

/**
 * y range of the function plot for a session: every analytic band (the prior
 * band at t = 0 is the widest), the NNGP band and the targets, padded; fixed
 * for the session so the reader sees the band narrow as t grows.
 */
export function functionDomain(data: EnsemblePosteriorData): [number, number] {
  let lo = Math.min(...data.trainYs, -1);
  let hi = Math.max(...data.trainYs, 1);
  for (const m of [...data.analytic, data.nngp]) {
    const b = bandOf(m);
    lo = Math.min(lo, ...b.lower);
    hi = Math.max(hi, ...b.upper);
  }
  const pad = 0.08 * (hi - lo);
  return [Math.floor((lo - pad) * 2) / 2, Math.ceil((hi + pad) * 2) / 2];
}

/** Median over x of the ensemble's variance divided by the analytic variance (null with fewer than 2 networks). */
export function medianVarianceRatio(data: EnsemblePosteriorData, r: number): number | null {
  const e = data.ensemble[r];
  if (!e) return null;
  const ratios = e.variance.map((v, j) => v / data.analytic[r].variance[j]).filter(Number.isFinite).sort((a, b) => a - b);
  if (!ratios.length) return null;
  const k = ratios.length;
  return k % 2 ? ratios[(k - 1) / 2] : (ratios[k / 2 - 1] + ratios[k / 2]) / 2;
}

/** Probability that a Gaussian lands within ± 2 standard deviations of its mean. */
export const GAUSSIAN_TWO_SIGMA = 0.9545;
