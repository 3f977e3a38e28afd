/**
 * Seeded randomness, Gaussian sampling, the running example and the RBF kernel.
 */
import { describe, expect, it } from 'vitest';
import { createRng, embedInputs, rbfKernel, runningExample, sampleGaussian, targetFunction } from '../../src/core';

describe('createRng', () => {
  it('is deterministic per seed, and different seeds and forks give different streams', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.normal());
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(xs);
    expect(createRng(43).normal()).not.toBe(createRng(42).normal());
    expect(createRng(0).uniform()).not.toBe(createRng(1).uniform());
    const parent = createRng(42);
    const f1 = parent.fork(1).normal();
    expect(parent.fork(1).normal()).toBe(f1); // forking does not advance the parent
    expect(parent.fork(2).normal()).not.toBe(f1);
  });

  it('normal(): mean 0 and variance 1 within 5 standard errors over 200000 draws; uniform in [0, 1)', () => {
    const rng = createRng(7);
    const m = 200_000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    for (let k = 0; k < m; k++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
      s4 += z ** 4;
    }
    expect(Math.abs(s / m)).toBeLessThan(5 / Math.sqrt(m));
    expect(Math.abs(s2 / m - 1)).toBeLessThan(5 * Math.sqrt(2 / m));
    expect(Math.abs(s4 / m - 3)).toBeLessThan(5 * Math.sqrt(96 / m));
    for (let k = 0; k < 1000; k++) {
      const u = rng.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('forked streams are uncorrelated (|corr| < 5 / sqrt(M))', () => {
    const rng = createRng(1);
    const a = rng.fork(1);
    const b = rng.fork(2);
    const m = 50_000;
    let s = 0;
    for (let k = 0; k < m; k++) s += a.normal() * b.normal();
    expect(Math.abs(s / m)).toBeLessThan(5 / Math.sqrt(m));
  });
});

describe('sampleGaussian', () => {
  it('sample covariance matches cov within 5 SE (4000 draws), and a singular covariance works', () => {
    const cov = [[2, 0.8, 0], [0.8, 1, -0.3], [0, -0.3, 0.5]];
    const mean = [1, -2, 0.5];
    const m = 4000;
    const xs = sampleGaussian(mean, cov, m, createRng(3));
    expect(xs).toHaveLength(m);
    for (let i = 0; i < 3; i++) {
      const mu = xs.reduce((s, x) => s + x[i], 0) / m;
      expect(Math.abs(mu - mean[i])).toBeLessThan(5 * Math.sqrt(cov[i][i] / m));
      for (let j = 0; j < 3; j++) {
        const c = xs.reduce((s, x) => s + (x[i] - mean[i]) * (x[j] - mean[j]), 0) / m;
        const se = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] ** 2) / m);
        expect(Math.abs(c - cov[i][j])).toBeLessThan(5 * se);
      }
    }
    const singular = [[1, 1], [1, 1]];
    const ys = sampleGaussian([0, 0], singular, 10, createRng(4));
    ys.forEach(([a, b]) => expect(Math.abs(a - b)).toBeLessThan(1e-3));
  });
});

describe('running example', () => {
  it('embeddings: circle inputs have norm 1; affine keeps x / sqrt 2 and a constant 1 / sqrt 2', () => {
    embedInputs([-3, 0, 1.2], 'circle').forEach(([a, b]) => expect(Math.abs(a * a + b * b - 1)).toBeLessThan(1e-15));
    expect(embedInputs([2])).toEqual([[Math.cos(2), Math.sin(2)]]);
    expect(embedInputs([2], 'affine')).toEqual([[2 / Math.SQRT2, 1 / Math.SQRT2]]);
  });

  it('runningExample is seeded, sorted, inside [-pi, pi], with small noise around the target', () => {
    const a = runningExample({ count: 24, seed: 5 });
    expect(runningExample({ count: 24, seed: 5 })).toEqual(a);
    expect(runningExample({ count: 24, seed: 6 }).x).not.toEqual(a.x);
    expect(a.x).toHaveLength(24);
    a.x.forEach((x, i) => {
      expect(Math.abs(x)).toBeLessThanOrEqual(Math.PI);
      if (i > 0) expect(x).toBeGreaterThanOrEqual(a.x[i - 1]);
      expect(Math.abs(a.y[i] - targetFunction(x))).toBeLessThan(5 * 0.05);
    });
    const clean = runningExample({ count: 5, noise: 0 });
    clean.x.forEach((x, i) => expect(clean.y[i]).toBe(targetFunction(x)));
    expect(Math.abs(targetFunction(-Math.PI) - targetFunction(Math.PI))).toBeLessThan(1e-12);
  });
});

describe('rbfKernel', () => {
  it('variance * exp(-|x - x\'|^2 / (2 l^2))', () => {
    const k = rbfKernel([[0, 0], [1, 1]], [[0, 0], [3, 0]], 2, 1.5);
    expect(k[0][0]).toBe(1.5);
    expect(Math.abs(k[1][1] - 1.5 * Math.exp(-5 / 8))).toBeLessThan(1e-15);
    expect(() => rbfKernel([[0]], [[0]], 0)).toThrow(/lengthscale/);
  });
});
