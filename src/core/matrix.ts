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

/** A zero matrix. */
export function zeros(rows: number, cols: number): Dense {
  return { rows, cols, data: new Float64Array(rows * cols) };
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

/** C = A B. */
export function matMul(a: Dense, b: Dense): Dense {
  if (a.cols !== b.rows) throw new Error(`matMul: ${a.rows} x ${a.cols} times ${b.rows} x ${b.cols}`);
  const c = zeros(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c.data[ci + j] += aik * b.data[bk + j];
    }
  }
  return c;
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

/** y = A^T x. */
export function matTVec(a: Dense, x: Float64Array): Float64Array {
  const y = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) {
    const xi = x[i];
    const off = i * a.cols;
    for (let j = 0; j < a.cols; j++) y[j] += a.data[off + j] * xi;
  }
  return y;
}

/** A^T. */
export function transpose(a: Dense): Dense {
  const t = zeros(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/** Mean of the diagonal of a square matrix (0 for an empty one). */
export function meanDiagonal(a: Dense): number {
  if (a.rows === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
  return s / a.rows;
}

/** Replace a square matrix by (A + A^T) / 2 in place. */
export function symmetrizeInPlace(a: Dense): void {
  const n = a.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  }
}
