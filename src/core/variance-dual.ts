/**
 * Dual activation at one variance q (both inputs with variance q, correlation c),
 * the form signal propagation needs (Poole et al. 2016; Schoenholz et al. 2017):
 *   pair(c)           = E[phi(u) phi(v)],
 *   derivativePair(c) = E[phi'(u) phi'(v)],   (u, v) ~ N(0, q [[1, c], [c, 1]]),
 * and the one-variable moments E[phi(sqrt(q) z)^2] = pair(1), E[phi'(sqrt(q) z)^2] = derivativePair(1).
 */
import type { ResolvedActivation } from './activations';
import { erfDual, sinDual, twoSlopeDual } from './dual-closed-form';
import { DEFAULT_HERMITE_NODES, hermiteCoefficients, polynomialAt } from './hermite-dual';
import { gaussianExpectation1d } from './quadrature';

export interface VarianceDual {
  readonly variance: number;
  pair(c: number): number;
  derivativePair(c: number): number;
}

function clampCorrelation(c: number): number {
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/** The dual at variance q: closed forms where they exist, otherwise the Mehler polynomial of hermite-dual.ts. */
export function varianceDual(activation: ResolvedActivation, q: number, nodes = DEFAULT_HERMITE_NODES): VarianceDual {
  const out = new Float64Array(2);
  const dual = activation.dual;
  const closed = (fn: (k11: number, k22: number, k12: number, o: Float64Array) => void): VarianceDual => ({
    variance: q,
    pair(c) {
      fn(q, q, q * clampCorrelation(c), out);
      return out[0];
    },
    derivativePair(c) {
      fn(q, q, q * clampCorrelation(c), out);
      return out[1];
    },
  });
  switch (dual.kind) {
    case 'two-slope':
      return closed((a, b, c, o) => twoSlopeDual(a, b, c, dual.negative, dual.positive, o));
    case 'erf':
      return closed(erfDual);
    case 'sin':
      return closed(sinDual);
    case 'quadrature': {
      const f = hermiteCoefficients(activation.phi, q, nodes);
      const g = hermiteCoefficients(activation.dphi, q, nodes);
      const pf = f.values.map((x) => x * x);
      const pg = g.values.map((x) => x * x);
      return {
        variance: q,
        pair: (c) => polynomialAt(pf, f.terms, clampCorrelation(c)),
        derivativePair: (c) => polynomialAt(pg, g.terms, clampCorrelation(c)),
      };
    }
  }
}

/**
 * E[phi(sqrt(q) z)^2] alone (the length map's expectation), cheaper than a full varianceDual
 * for quadrature activations: one n-node Gauss-Hermite sum.
 */
export function secondMoment(activation: ResolvedActivation, q: number, nodes = DEFAULT_HERMITE_NODES): number {
  const dual = activation.dual;
  switch (dual.kind) {
    case 'two-slope':
      return 0.5 * (dual.negative * dual.negative + dual.positive * dual.positive) * q;
    case 'erf':
      return (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q));
    case 'sin':
      return -0.5 * Math.expm1(-2 * q);
    case 'quadrature': {
      const phi = activation.phi;
      return gaussianExpectation1d((u) => {
        const y = phi(u);
        return y * y;
      }, q, nodes);
    }
  }
}
