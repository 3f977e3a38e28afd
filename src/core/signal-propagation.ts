/**
 * Signal propagation through a deep random network (Poole et al. 2016,
 * arXiv 1606.05340; Schoenholz et al. 2017, "Deep Information Propagation",
 * arXiv 1611.01232). At the fixed-point variance q*, the correlation of two inputs
 * evolves by the correlation map
 *   c^{l+1} = F(c^l) = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*,   (u1, u2) ~ N(0, q* [[1, c], [c, 1]]).
 * chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2] = F'(1) decides the phase: chi_1 < 1 ordered
 * (c* = 1: inputs become indistinguishable), chi_1 > 1 chaotic (c* < 1). Correlations
 * approach c* like exp(-l / xi_c) with xi_c = -1 / ln(chi_c), chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] at c*.
 */
import { resolveActivation, type ResolvedActivation } from './activations';
import { lengthFixedPoint } from './length-map';
import type { PropagationSpec } from './types';
import { gaussianExpectation1d } from './quadrature';
import { varianceDual, type VarianceDual } from './variance-dual';

/** Variance at which a quadrature activation's q -> infinity limit is approximated when q* diverges. */
export const DIVERGENT_VARIANCE_PROXY = 1e4;
/** chi_c at or above 1 - CRITICAL_TOLERANCE counts as critical: depth scale Infinity. */
export const CRITICAL_TOLERANCE = 1e-12;

/** Everything signal propagation knows about one (activation, sigma_w^2, sigma_b^2). */
export interface Propagation {
  /** Fixed point of the length map reached from q = 1 (Infinity if the variance diverges). */
  readonly qStar: number;
  /** Variance at which the correlation map is evaluated (q* unless q* is 0 or Infinity; see propagate). */
  readonly evaluationVariance: number;
  /** chi_1 = sigma_w^2 E[phi'(sqrt(q) z)^2] at the evaluation variance. */
  readonly chi1: number;
  /** Stable fixed point of F. */
  readonly cStar: number;
  /** chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] at c*. */
  readonly chiC: number;
  /** xi_c = -1 / ln(chi_c); Infinity when chi_c >= 1 - 1e-12, 0 when chi_c <= 0. */
  readonly depthScale: number;
  /** The correlation map F (input clamped to [-1, 1], output in [-1, 1]). */
  map(c: number): number;
}

/**
 * Largest root below 1 of F(c) = c, assuming F(c) < c just below 1 (chaotic phase). Walks down
 * from c = 1 - 2^-30 (closer to 1, F(c) - c is below rounding unless chi_1 - 1 > 1e-7; nearer the
 * critical line c* is within ~1e-9 of 1 and reported as 1 - 2^-30) and bisects the first bracket.
 */
function chaoticFixedPoint(map: (c: number) => number): number {
  const g = (c: number): number => map(c) - c;
  const candidates: number[] = [];
  for (let k = 30; k >= 1; k--) candidates.push(1 - 2 ** -k);
  for (let c = 0.45; c > -1; c -= 0.05) candidates.push(c);
  candidates.push(-1);
  let above = 1;
  for (const c of candidates) {
    if (g(c) >= 0) {
      if (above === 1) return c;
      let lo = c;
      let hi = above;
      for (let k = 0; k < 200; k++) {
        const mid = 0.5 * (lo + hi);
        if (mid === lo || mid === hi) break;
        if (g(mid) >= 0) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    }
    above = c;
  }
  return -1;
}

function depthScaleOf(chiC: number): number {
  if (chiC >= 1 - CRITICAL_TOLERANCE) return Infinity;
  if (chiC <= 0) return 0;
  return -1 / Math.log(chiC);
}

/**
 * Signal propagation for a resolved activation. Edge cases, so that nothing is NaN:
 * - q* = Infinity (the variance explodes, e.g. ReLU with sigma_w^2 > 2): F is the q -> infinity
 *   limit of (sigma_w^2 E[phi phi] + sigma_b^2) / (sigma_w^2 E[phi^2] + sigma_b^2). For the
 *   two-slope family that limit is exact (the map with sigma_b^2 = 0 at q = 1, which does not
 *   depend on q); for other activations it is approximated at q = DIVERGENT_VARIANCE_PROXY.
 *   For ReLU the limit has F'(1) = 1 and chi_c = sigma_w^2 / 2 > 1: depth scale Infinity.
 * - q* = 0 (the signal dies out; sigma_b^2 = 0 and phi(0) = 0): for the two-slope family F does
 *   not depend on q (evaluated at q = 1); otherwise F is its q -> 0 limit, the identity
 *   (E[phi(u1) phi(u2)] ~ phi'(0)^2 q c), chi_1 = chi_c = sigma_w^2 phi'(0)^2 and c* = 1.
 * - sigma_w^2 = sigma_b^2 = 0: every output is 0; F = 1 and c* = 1 by convention.
 */
export function propagate(activation: ResolvedActivation, weightVariance: number, biasVariance: number): Propagation {
  if (!(weightVariance >= 0) || !Number.isFinite(weightVariance)) throw new Error(`weightVariance must be finite and >= 0, got ${weightVariance}`);
  if (!(biasVariance >= 0) || !Number.isFinite(biasVariance)) throw new Error(`biasVariance must be finite and >= 0, got ${biasVariance}`);
  const qStar = lengthFixedPoint(activation, weightVariance, biasVariance);
  const homogeneous = activation.dual.kind === 'two-slope';
  let q = qStar;
  let bias = biasVariance;
  if (qStar === Infinity) {
    q = homogeneous ? 1 : DIVERGENT_VARIANCE_PROXY;
    if (homogeneous) bias = 0;
  } else if (qStar === 0) {
    if (!homogeneous && weightVariance > 0 && activation.phi(0) === 0) {
      const slope = activation.dphi(0);
      const chi = weightVariance * slope * slope;
      return { qStar, evaluationVariance: 0, chi1: chi, cStar: 1, chiC: chi, depthScale: depthScaleOf(chi), map: (c) => (c > 1 ? 1 : c < -1 ? -1 : c) };
    }
    q = 1;
  }
  const dual: VarianceDual = varianceDual(activation, q);
  const denominator = weightVariance * dual.pair(1) + bias;
  const map = (c: number): number => {
    if (!(denominator > 0)) return 1;
    const f = (weightVariance * dual.pair(c) + bias) / denominator;
    return f > 1 ? 1 : f < -1 ? -1 : f;
  };
  const chi1 = weightVariance * dual.derivativePair(1);
  // Slope of F at c = 1: sigma_w^2 q E[phi'^2] / (sigma_w^2 E[phi^2] + sigma_b^2) (= chi_1 when q = q*).
  const slopeAtOne = denominator > 0 ? (weightVariance * q * dual.derivativePair(1)) / denominator : 0;
  const ordered = qStar === 0 || !(denominator > 0) || slopeAtOne <= 1 + CRITICAL_TOLERANCE;
  const cStar = ordered ? 1 : chaoticFixedPoint(map);
  const chiC = weightVariance * dual.derivativePair(cStar);
  // The depth scale is the rate of the correlation map itself: xi_c = -1 / ln F'(c*), with
  // F'(c) = sigma_w^2 q E[phi'(u1) phi'(u2)] / (sigma_w^2 E[phi^2] + sigma_b^2). At q = q* (finite,
  // non-zero) the denominator is q* and F'(c*) = chi_c (Schoenholz et al. 2017, eq. 9). In the
  // degenerate cases it is not: ReLU with sigma_b^2 = 0 and sigma_w^2 < 2 has q* = 0 and
  // chi_c = sigma_w^2 / 2 < 1, yet F does not depend on sigma_w^2 and F'(1) = 1, so c^l -> 1 only
  // polynomially (1 - c^l ~ 9 pi^2 / (2 l^2)): the depth scale is infinite there.
  const slopeAtFixedPoint = denominator > 0 ? (weightVariance * q * dual.derivativePair(cStar)) / denominator : 0;
  return { qStar, evaluationVariance: q, chi1, cStar, chiC, depthScale: depthScaleOf(slopeAtFixedPoint), map };
}

/** Public result of correlationMap (see index.ts). */
export interface CorrelationMapResult {
  qStar: number;
  cStar: number;
  chi1: number;
  depthScale: number;
  map(c: number): number;
  curve: { c: number[]; F: number[] };
  correlationsOverDepth(c0: number, depth: number): number[];
}

export function correlationMapOf(spec: PropagationSpec, options: { points?: number } = {}): CorrelationMapResult {
  const p = propagate(resolveActivation(spec.activation), spec.weightVariance, spec.biasVariance);
  const points = options.points ?? 201;
  if (!Number.isInteger(points) || points < 2) throw new Error(`points must be an integer >= 2, got ${points}`);
  const c: number[] = [];
  const F: number[] = [];
  for (let k = 0; k < points; k++) {
    const x = k === points - 1 ? 1 : -1 + (2 * k) / (points - 1);
    c.push(x);
    F.push(p.map(x));
  }
  return {
    qStar: p.qStar,
    cStar: p.cStar,
    chi1: p.chi1,
    depthScale: p.depthScale,
    map: p.map,
    curve: { c, F },
    correlationsOverDepth(c0: number, depth: number): number[] {
      if (!Number.isInteger(depth) || depth < 0) throw new Error(`depth must be an integer >= 0, got ${depth}`);
      const out = [Math.max(-1, Math.min(1, c0))];
      for (let l = 0; l < depth; l++) out.push(p.map(out[l]));
      return out;
    },
  };
}

/**
 * chi_1 alone, as `propagate` reports it, but without building the correlation map:
 * sigma_w^2 E[phi'(sqrt(q) z)^2] at q = q* (or at the same stand-ins for q* = 0 or Infinity).
 */
export function chiOne(activation: ResolvedActivation, weightVariance: number, biasVariance: number): number {
  const qStar = lengthFixedPoint(activation, weightVariance, biasVariance);
  const homogeneous = activation.dual.kind === 'two-slope';
  let q = qStar;
  if (qStar === Infinity) q = homogeneous ? 1 : DIVERGENT_VARIANCE_PROXY;
  else if (qStar === 0) {
    if (!homogeneous && weightVariance > 0 && activation.phi(0) === 0) return weightVariance * activation.dphi(0) ** 2;
    q = 1;
  }
  const dphi = activation.dphi;
  return weightVariance * derivativeSecondMoment(activation, q, dphi);
}

function derivativeSecondMoment(activation: ResolvedActivation, q: number, dphi: (u: number) => number): number {
  if (activation.dual.kind === 'quadrature') {
    return gaussianExpectation1d((u) => {
      const d = dphi(u);
      return d * d;
    }, q);
  }
  return varianceDual(activation, q).derivativePair(1);
}
