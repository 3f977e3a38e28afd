/** Small helpers shared by the core tests. */
import type { Matrix } from '../../src/core';

/** max |a - b| over all entries. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

/** max |a| over all entries. */
export function maxAbs(a: Matrix): number {
  let m = 0;
  for (const row of a) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}

/** True when every entry is a finite number. */
export function allFinite(a: Matrix): boolean {
  return a.every((row) => row.every((v) => Number.isFinite(v)));
}

/** Evenly spaced points on [lo, hi]. */
export function linspace(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => (count === 1 ? lo : lo + ((hi - lo) * k) / (count - 1)));
}
