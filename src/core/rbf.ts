/**
 * Squared-exponential (RBF) kernel, the classic GP prior shown next to the NNGP:
 * k(x, x') = variance * exp(-|x - x'|^2 / (2 lengthscale^2)) (Rasmussen & Williams 2006, eq. 2.16).
 */
import { toDense } from './matrix';
import type { Matrix } from './types';

export function rbfKernelRows(x1: Matrix, x2: Matrix, lengthscale: number, variance = 1): Matrix {
  if (!(lengthscale > 0) || !Number.isFinite(lengthscale)) throw new Error(`lengthscale must be finite and > 0, got ${lengthscale}`);
  if (!(variance >= 0) || !Number.isFinite(variance)) throw new Error(`variance must be finite and >= 0, got ${variance}`);
  const a = toDense(x1, 'x1');
  const b = toDense(x2, 'x2');
  if (a.rows > 0 && b.rows > 0 && a.cols !== b.cols) throw new Error(`x1 has ${a.cols} columns, x2 has ${b.cols}`);
  const d = a.cols;
  const scale = -1 / (2 * lengthscale * lengthscale);
  const out: Matrix = [];
  for (let i = 0; i < a.rows; i++) {
    const row = new Array<number>(b.rows);
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = a.data[i * d + k] - b.data[j * d + k];
        s += diff * diff;
      }
      row[j] = variance * Math.exp(scale * s);
    }
    out.push(row);
  }
  return out;
}
