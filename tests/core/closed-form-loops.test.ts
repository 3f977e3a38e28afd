/**
 * The matrix loops of activation-kernels-closed-form.ts are written out for speed; they
 * must compute exactly (bit for bit) what the pointwise duals of dual-closed-form.ts compute.
 */
import { describe, expect, it } from 'vitest';
import { erfKernel, sinKernel, twoSlopeKernel } from '../../src/core/activation-kernels-closed-form';
import { erfDual, sinDual, twoSlopeDual } from '../../src/core/dual-closed-form';
import type { KernelState } from '../../src/core/kernel-state';
import { createRng } from '../../src/core/random';

function randomState(rows: number, cols: number, seed: number): KernelState {
  const rng = createRng(seed);
  const rowVariance = Float64Array.from({ length: rows }, (_, i) => (i === 0 ? 0 : i === 1 ? 1e-300 : 3 * rng.uniform()));
  const colVariance = Float64Array.from({ length: cols }, (_, j) => (j === 0 ? 0 : 3 * rng.uniform()));
  const nngp = new Float64Array(rows * cols);
  const ntk = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const bound = Math.sqrt(rowVariance[i] * colVariance[j]);
      // Correlations in [-1.05, 1.05]: a little outside to exercise the clamps; some exactly +-1.
      const c = j % 7 === 3 ? 1 : j % 7 === 4 ? -1 : -1.05 + 2.1 * rng.uniform();
      nngp[i * cols + j] = c * bound;
      ntk[i * cols + j] = 0.5 + rng.uniform();
    }
  }
  return { rows, cols, nngp, ntk, rowVariance, colVariance, symmetric: false };
}

const cases: [string, (s: KernelState) => KernelState, (a: number, b: number, c: number, out: Float64Array) => void][] = [
  ['relu', (s) => twoSlopeKernel(s, 0, 1), (a, b, c, o) => twoSlopeDual(a, b, c, 0, 1, o)],
  ['two-slope (-0.3, 1.7)', (s) => twoSlopeKernel(s, -0.3, 1.7), (a, b, c, o) => twoSlopeDual(a, b, c, -0.3, 1.7, o)],
  ['erf', erfKernel, erfDual],
  ['sin', sinKernel, sinDual],
];

describe('closed-form matrix loops equal the pointwise duals bit for bit', () => {
  for (const [name, loop, pointwise] of cases) {
    it(name, () => {
      const state = randomState(9, 23, name.length);
      const before = { nngp: Float64Array.from(state.nngp), ntk: Float64Array.from(state.ntk) };
      const after = loop(state);
      const out = new Float64Array(2);
      for (let i = 0; i < state.rows; i++) {
        for (let j = 0; j < state.cols; j++) {
          const k = i * state.cols + j;
          pointwise(state.rowVariance[i], state.colVariance[j], before.nngp[k], out);
          expect(after.nngp[k]).toBe(out[0]);
          expect(after.ntk[k]).toBe(out[1] * before.ntk[k]);
          expect(Number.isFinite(after.nngp[k])).toBe(true);
        }
      }
      after.rowVariance.forEach((v, i) => {
        pointwise(state.rowVariance[i], state.rowVariance[i], state.rowVariance[i], out);
        expect(v).toBe(out[0]);
      });
    });
  }
});
