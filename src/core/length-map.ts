/**
 * The length map of signal propagation (Poole et al. 2016, arXiv 1606.05340):
 * the variance of a pre-activation unit from one layer to the next,
 *   q^{l+1} = sigma_w^2 E[phi(sqrt(q^l) z)^2] + sigma_b^2,   z ~ N(0, 1),
 * and its fixed point q*, the one reached by iterating from q^0 = 1.
 */
import type { ResolvedActivation } from './activations';
import { findRoot } from './root-finding';
import { secondMoment } from './variance-dual';

/** Above this the variance is declared divergent (q* = Infinity). */
const DIVERGENCE = 1e15;

/** One step of the length map. */
export function lengthMap(activation: ResolvedActivation, weightVariance: number, biasVariance: number, q: number): number {
  return weightVariance * secondMoment(activation, q) + biasVariance;
}

/**
 * The stable fixed point q* of the length map reached from q = 1, or Infinity when
 * the variance grows without bound. Conventions at the edges:
 * - positively homogeneous activations (the two-slope family, phi(a u) = a phi(u) for a > 0)
 *   have a linear map q -> a q + sigma_b^2 with a = sigma_w^2 (p^2 + n^2) / 2: q* = sigma_b^2 / (1 - a) if a < 1;
 *   if a = 1 and sigma_b^2 = 0 every q is fixed and we report q* = 1 (the starting point);
 *   otherwise Infinity (ReLU: sigma_w^2 > 2, or sigma_w^2 = 2 with sigma_b^2 > 0);
 * - q* = 0 when the signal dies out (e.g. tanh with sigma_b^2 = 0 and sigma_w^2 <= 1).
 */
export function lengthFixedPoint(activation: ResolvedActivation, weightVariance: number, biasVariance: number): number {
  const dual = activation.dual;
  if (dual.kind === 'two-slope') {
    const a = 0.5 * weightVariance * (dual.negative * dual.negative + dual.positive * dual.positive);
    if (Math.abs(a - 1) <= 1e-12) return biasVariance === 0 ? 1 : Infinity;
    if (a < 1) return biasVariance / (1 - a);
    return Infinity;
  }
  const g = (q: number): number => lengthMap(activation, weightVariance, biasVariance, q) - q;
  const g1 = g(1);
  if (g1 === 0) return 1;
  if (g1 > 0) {
    // The iteration climbs from 1: bracket the first sign change above 1.
    let lo = 1;
    let hi = 2;
    while (g(hi) > 0) {
      lo = hi;
      hi *= 2;
      if (hi > DIVERGENCE) return Infinity;
    }
    return findRoot(g, lo, hi);
  }
  // The iteration descends from 1: the largest root in [0, 1).
  const g0 = g(0);
  if (g0 > 0) return findRoot(g, 0, 1);
  // g(0) = 0: q = 0 is a fixed point; a positive one exists only if g > 0 somewhere in (0, 1).
  let hi = 1;
  let lo = 0.5;
  while (lo > 1e-300) {
    if (g(lo) > 0) return findRoot(g, lo, hi);
    hi = lo;
    lo *= 0.125;
  }
  return 0;
}
