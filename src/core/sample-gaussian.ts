/**
 * Draws from a multivariate normal N(mean, cov) = mean + L z, cov = L L^T (Cholesky
 * with escalating jitter, so singular covariances such as GP posteriors work).
 */
import { cholesky } from './cholesky';
import { toDense, toVector } from './matrix';
import type { Rng } from './random';
import type { Matrix } from './types';

export function sampleGaussianRows(mean: number[], cov: Matrix, count: number, rng: Rng): number[][] {
  const n = mean.length;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be an integer >= 0, got ${count}`);
  const mu = toVector(mean, n, 'mean');
  const c = toDense(cov, 'cov');
  if (c.rows !== n || c.cols !== n) throw new Error(`cov is ${c.rows} x ${c.cols}, expected ${n} x ${n}`);
  const { factor } = cholesky(c, 'cov');
  const l = factor.data;
  const z = new Float64Array(n);
  const samples: number[][] = [];
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < n; i++) z[i] = rng.normal();
    const x = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let v = mu[i];
      for (let k = 0; k <= i; k++) v += l[i * n + k] * z[k];
      x[i] = v;
    }
    samples.push(x);
  }
  return samples;
}
