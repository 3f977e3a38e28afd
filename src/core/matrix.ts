/**
 * Float64 row-major matrices used inside the core, and conversions to and
 * from the `number[][]` rows that cross the public boundary.
 */
import type { Matrix } from './types';

/** A row-major float64 matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Copy plain rows into a dense matrix; throws on ragged or non-finite input. */
export function toDense(m: Matrix, name = 'matrix'): Dense {
  const rows = m.length;
  const cols = rows > 0 ? m[0].length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = m[i];
    if (row.length !== cols) throw new Error(`${name}: row ${i} has ${row.length} entries, expected ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (!Number.isFinite(v)) throw new Error(`${name}: entry (${i}, ${j}) is ${v}`);
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

/** Copy a dense matrix out as plain rows. */
export function fromDense(d: Dense): Matrix {
  const out: Matrix = new Array(d.rows);
  const { cols, data } = d;
  for (let i = 0; i < d.rows; i++) {
    // A preallocated array filled by a loop is ~10x faster than Array.from(subarray).
    const row = new Array<number>(cols);
    const offset = i * cols;
    for (let j = 0; j < cols; j++) row[j] = data[offset + j];
    out[i] = row;
  }
  return out;
}

/** Check a vector's length and finiteness; returns it as a Float64Array. */
export function toVector(v: readonly number[], length: number, name = 'vector'): Float64Array {
  if (v.length !== length) throw new Error(`${name}: length ${v.length}, expected ${length}`);
  const out = Float64Array.from(v);
  for (let i = 0; i < length; i++) if (!Number.isFinite(out[i])) throw new Error(`${name}: entry ${i} is ${out[i]}`);
  return out;
}

/** Throw unless `m` is rows x cols. */
export function assertShape(m: Dense, rows: number, cols: number, name: string): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new Error(`${name}: shape ${m.rows} x ${m.cols}, expected ${rows} x ${cols}`);
  }
}

/** y = A x. */
export function matVec(a: Dense, x: Float64Array): Float64Array {
  const y = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const off = i * a.cols;
    for (let j = 0; j < a.cols; j++) s += a.data[off + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** Mean of the diagonal of a square matrix (0 for an empty one). */
export function meanDiagonal(a: Dense): number {
  if (a.rows === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
  return s / a.rows;
}
