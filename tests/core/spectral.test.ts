/**
 * Spectral helpers (src/core/spectral.ts) against independent oracles:
 * reconstruction V diag(lambda) V^T = Theta, orthonormality, the mode formula
 * against iterating r <- (I - eta Theta / N) r, the flow formula against many
 * small steps, the Nystrom extension through the training points, and exact
 * Fourier modes for a dot-product kernel on a uniform grid of the circle.
 */
import { describe, expect, it } from 'vitest';
import {
  analyticKernels, createRng, dominantFrequency, embedInputs, kernelSpectrum, maxLearningRate, modeFactor,
  eigenspaceGap, eigenspaceGroups, nystromEigenfunctions, predictedModeResiduals, projectOnModes, type Matrix,
} from '../../src/core';

const uniformCircle = (n: number) => Array.from({ length: n }, (_, a) => -Math.PI + (2 * Math.PI * (a + 0.5)) / n);
const spec = { depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1 } as const;

function randomSpd(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const b = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
  return b.map((_, i) => b.map((__, j) => b[i].reduce((s, v, k) => s + v * b[j][k], 0) / n + (i === j ? 0.1 : 0)));
}

const matVec = (m: Matrix, v: readonly number[]) => m.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));

describe('kernelSpectrum', () => {
  const theta = randomSpd(12, 3);
  const s = kernelSpectrum(theta);

  it('sorts eigenvalues in decreasing order', () => {
    for (let i = 1; i < s.values.length; i++) expect(s.values[i]).toBeLessThanOrEqual(s.values[i - 1]);
    expect(s.values[s.values.length - 1]).toBeGreaterThan(0);
  });

  it('reconstructs Theta = V diag(lambda) V^T to 1e-12 (relative to the largest entry)', () => {
    const scale = Math.max(...theta.flat().map(Math.abs));
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++) {
        const r = s.values.reduce((acc, l, k) => acc + l * s.vectors[k][i] * s.vectors[k][j], 0);
        expect(Math.abs(r - theta[i][j])).toBeLessThan(1e-12 * scale);
      }
    }
  });

  it('has orthonormal eigenvectors (V^T V = I to 1e-12) with Theta v = lambda v', () => {
    for (let p = 0; p < 12; p++) {
      for (let q = 0; q < 12; q++) {
        const dot = s.vectors[p].reduce((acc, x, a) => acc + x * s.vectors[q][a], 0);
        expect(Math.abs(dot - (p === q ? 1 : 0))).toBeLessThan(1e-12);
      }
      const tv = matVec(theta, s.vectors[p]);
      tv.forEach((x, a) => expect(Math.abs(x - s.values[p] * s.vectors[p][a])).toBeLessThan(1e-11));
    }
  });

  it('fixes the sign: the largest-magnitude entry of each eigenvector is positive', () => {
    for (const v of s.vectors) {
      const big = v.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
      expect(big).toBeGreaterThan(0);
    }
  });
});

describe('mode dynamics', () => {
  it('iterating r <- (I - eta Theta / N) r equals (1 - eta lambda_i / N)^t <v_i, r_0> along every mode (N = 16, 200 steps)', () => {
    const xs = createRng(7);
    const inputs = embedInputs(Array.from({ length: 16 }, () => -Math.PI + 2 * Math.PI * xs.uniform()));
    const theta = analyticKernels(inputs, inputs, spec).ntk;
    const n = 16;
    const eta = 0.7 * maxLearningRate(theta);
    const s = kernelSpectrum(theta);
    const rng = createRng(11);
    let r = Array.from({ length: n }, () => rng.normal());
    const initial = projectOnModes(s, r);
    for (let t = 1; t <= 200; t++) {
      const tr = matVec(theta, r);
      r = r.map((x, a) => x - (eta / n) * tr[a]);
      if (t % 40 !== 0 && t !== 1) continue;
      const measured = projectOnModes(s, r);
      const predicted = predictedModeResiduals({ eigenvalues: s.values, initial, learningRate: eta, count: n, t });
      measured.forEach((m, i) => expect(Math.abs(m - predicted[i])).toBeLessThan(1e-10 * (1 + Math.abs(initial[i]))));
    }
  });

  it('gradient flow: exp(-eta lambda t / N) matches 20000 Euler steps of size t/20000 to 1e-4', () => {
    const theta = randomSpd(6, 5);
    const s = kernelSpectrum(theta);
    const eta = 0.5;
    const t = 30;
    const r0 = [1, -2, 0.5, 0.3, -1, 2];
    const k = 20000;
    let r = r0.slice();
    for (let i = 0; i < k; i++) {
      const tr = matVec(theta, r);
      r = r.map((x, a) => x - ((eta * t) / (k * 6)) * tr[a]);
    }
    const measured = projectOnModes(s, r);
    const predicted = predictedModeResiduals({ eigenvalues: s.values, initial: projectOnModes(s, r0), learningRate: eta, count: 6, t, dynamics: 'flow' });
    measured.forEach((m, i) => expect(Math.abs(m - predicted[i])).toBeLessThan(1e-4));
  });

  it('modeFactor: 1 at t = 0, sign flips above eta lambda / N = 1, grows above 2', () => {
    expect(modeFactor(3, 1, 2, 0)).toBe(1);
    expect(modeFactor(1, 1, 4, 2)).toBeCloseTo(0.5625, 15);
    expect(modeFactor(6, 1, 4, 1)).toBeCloseTo(-0.5, 15);
    expect(Math.abs(modeFactor(10, 1, 4, 3))).toBeGreaterThan(1);
    expect(modeFactor(2, 1, 4, 3, 'flow')).toBeCloseTo(Math.exp(-1.5), 15);
  });
});

describe('eigenfunctions and frequencies on the circle', () => {
  const n = 24;
  const xs = uniformCircle(n);
  const inputs = embedInputs(xs);
  const theta = analyticKernels(inputs, inputs, spec).ntk;
  const s = kernelSpectrum(theta);

  it('Nystrom eigenfunctions pass through the eigenvector values at the training points (1e-10)', () => {
    const phi = nystromEigenfunctions(s, theta, 6);
    expect(phi.length).toBe(6);
    phi.forEach((row, i) => row.forEach((value, a) => expect(Math.abs(value - s.vectors[i][a])).toBeLessThan(1e-10)));
  });

  it('a dot-product kernel on a uniform circle grid is circulant: sin(kx) sampled there is an eigenvector', () => {
    for (const k of [1, 2, 4]) {
      const u = xs.map((x) => Math.sin(k * x));
      const norm = Math.hypot(...u);
      const unit = u.map((x) => x / norm);
      const tu = matVec(theta, unit);
      const lambda = tu.reduce((acc, x, a) => acc + x * unit[a], 0);
      tu.forEach((x, a) => expect(Math.abs(x - lambda * unit[a])).toBeLessThan(1e-10 * s.values[0]));
      // Its eigenvalue is in the spectrum; the eigenvectors of that eigenvalue have that frequency.
      const idx = s.values.findIndex((l) => Math.abs(l - lambda) < 1e-9 * s.values[0]);
      expect(idx).toBeGreaterThanOrEqual(0);
      expect(dominantFrequency(xs, s.vectors[idx])).toBe(k);
    }
  });

  it('the top eigenvectors are ordered by frequency: 0, then the pairs 1, 1, 2, 2', () => {
    expect(s.vectors.slice(0, 5).map((v) => dominantFrequency(xs, v))).toEqual([0, 1, 1, 2, 2]);
  });

  it('dominantFrequency of an exact Fourier mode is its frequency', () => {
    expect(dominantFrequency(xs, xs.map((x) => Math.cos(3 * x + 0.4)))).toBe(3);
    expect(dominantFrequency(xs, xs.map(() => 1))).toBe(0);
  });
});

describe('eigenspaces of degenerate eigenvalues', () => {
  const n = 16;
  const xs = uniformCircle(n);
  const inputs = embedInputs(xs);
  const theta = analyticKernels(inputs, inputs, spec).ntk;
  const s = kernelSpectrum(theta);

  it('groups the circle kernel into the constant, then pairs (cos kx, sin kx), with the Nyquist frequency alone', () => {
    const groups = eigenspaceGroups(s.values);
    expect(groups.slice(0, 4)).toEqual([[0], [1, 2], [3, 4], [5, 6]]);
    expect(groups.map((g) => g.length).reduce((a, b) => a + b, 0)).toBe(n);
    expect(groups.filter((g) => g.length === 1)).toHaveLength(2); // k = 0 and k = N/2
    expect(eigenspaceGroups([3, 2, 1])).toEqual([[0], [1], [2]]);
    expect(eigenspaceGroups([2, 2 + 1e-7, 1], 1e-6)).toEqual([[0, 1], [2]]);
  });

  it('eigenspaceGap does not change when a degenerate pair is rotated; the per-vector ratio does', () => {
    const rng = createRng(4);
    const r0 = Array.from({ length: n }, () => rng.normal());
    // A "measured" residual that drifted a little off the prediction inside the k = 1 pair.
    const eta = 0.5 * maxLearningRate(theta);
    const t = 3;
    const rt = r0.map((v, a) => v * 0.3 + 0.05 * Math.cos(xs[a] + 1));
    const gapIn = (vecs: number[][]) => {
      const basis = { values: s.values.slice(1, 3), vectors: vecs };
      const m = projectOnModes(basis, rt);
      const i0 = projectOnModes(basis, r0);
      const p = predictedModeResiduals({ eigenvalues: basis.values, initial: i0, learningRate: eta, count: n, t });
      return { space: eigenspaceGap([0, 1], m, p, i0), perVector: m.map((v, j) => Math.abs(v - p[j]) / Math.abs(i0[j])) };
    };
    const [u, w] = [s.vectors[1], s.vectors[2]];
    const rotated = (angle: number) => [
      u.map((x, a) => Math.cos(angle) * x + Math.sin(angle) * w[a]),
      u.map((x, a) => -Math.sin(angle) * x + Math.cos(angle) * w[a]),
    ];
    const base = gapIn([u, w]);
    // Put the first vector orthogonal to r0's component in the pair: its own start is ~0.
    const c = projectOnModes({ values: [0, 0], vectors: [u, w] }, r0);
    const worst = gapIn(rotated(Math.atan2(c[1], c[0]) + Math.PI / 2 - 1e-4));
    for (const angle of [0.3, 1.1, 2.5]) expect(gapIn(rotated(angle)).space).toBeCloseTo(base.space, 12);
    expect(worst.space).toBeCloseTo(base.space, 12);
    expect(Math.max(...worst.perVector)).toBeGreaterThan(100 * Math.max(...base.perVector, base.space));
  });

  it('eigenspaceGap: 0 for an exact match, Infinity for a gap on a zero start', () => {
    expect(eigenspaceGap([0, 1], [1, 2], [1, 2], [3, 4])).toBe(0);
    expect(eigenspaceGap([0, 1], [0.3, 0.4], [0, 0], [3, 4])).toBeCloseTo(0.1, 15);
    expect(eigenspaceGap([0], [1], [0], [0])).toBe(Infinity);
  });
});
