/**
 * Activations resolved into one internal description: the function, its
 * derivative, and which dual (closed form or quadrature) computes its kernels.
 */
import { erf, normalCdf, normalPdf } from './special-functions';
import type { Activation } from './types';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** How E[phi(u) phi(v)] and E[phi'(u) phi'(v)] are computed for an activation. */
export type DualFamily =
  /** phi(u) = positive * u (u > 0), negative * u (u < 0): arc-cosine closed form (Cho & Saul 2009). */
  | { kind: 'two-slope'; negative: number; positive: number }
  /** phi = erf: closed form of Williams (1997). */
  | { kind: 'erf' }
  /** phi = sin: E[sin u sin v] = exp(-(k11 + k22)/2) sinh(k12), E[cos u cos v] = exp(-(k11 + k22)/2) cosh(k12). */
  | { kind: 'sin' }
  /** Anything else: Gauss-Hermite quadrature. */
  | { kind: 'quadrature' };

/** An activation with its derivative and its dual family. */
export interface ResolvedActivation {
  readonly name: string;
  readonly phi: (u: number) => number;
  readonly dphi: (u: number) => number;
  readonly dual: DualFamily;
}

function twoSlope(name: string, negative: number, positive: number): ResolvedActivation {
  if (!Number.isFinite(negative) || !Number.isFinite(positive)) {
    throw new Error(`${name}: slopes must be finite, got (${negative}, ${positive})`);
  }
  return {
    name,
    phi: (u) => (u > 0 ? positive * u : negative * u),
    // At u = 0 the derivative is taken as the mean of the two slopes (a set of measure zero).
    dphi: (u) => (u > 0 ? positive : u < 0 ? negative : 0.5 * (positive + negative)),
    dual: { kind: 'two-slope', negative, positive },
  };
}

function softplus(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/** Resolve a public `Activation` (name or object) into functions and a dual family. */
export function resolveActivation(activation: Activation): ResolvedActivation {
  if (typeof activation === 'string') {
    switch (activation) {
      case 'relu':
        return twoSlope('relu', 0, 1);
      case 'abs':
        return twoSlope('abs', -1, 1);
      case 'linear':
        return twoSlope('linear', 1, 1);
      case 'erf':
        return { name: 'erf', phi: erf, dphi: (u) => TWO_OVER_SQRT_PI * Math.exp(-u * u), dual: { kind: 'erf' } };
      case 'sin':
        return { name: 'sin', phi: Math.sin, dphi: Math.cos, dual: { kind: 'sin' } };
      case 'tanh':
        return {
          name: 'tanh',
          phi: Math.tanh,
          dphi: (u) => {
            const t = Math.tanh(u);
            return 1 - t * t;
          },
          dual: { kind: 'quadrature' },
        };
      case 'gelu':
        // GELU(u) = u Phi(u) (Hendrycks & Gimpel 2016); derivative Phi(u) + u phi_N(u).
        return { name: 'gelu', phi: (u) => u * normalCdf(u), dphi: (u) => normalCdf(u) + u * normalPdf(u), dual: { kind: 'quadrature' } };
      case 'softplus':
        return { name: 'softplus', phi: softplus, dphi: sigmoid, dual: { kind: 'quadrature' } };
      default: {
        const unknown: never = activation;
        throw new Error(`unknown activation "${String(unknown)}"`);
      }
    }
  }
  switch (activation.kind) {
    case 'leaky-relu':
      return twoSlope(`leaky-relu(${activation.alpha})`, activation.alpha, 1);
    case 'two-slope-relu':
      return twoSlope(`two-slope-relu(${activation.negative}, ${activation.positive})`, activation.negative, activation.positive);
    case 'custom':
      return { name: activation.name ?? 'custom', phi: activation.phi, dphi: activation.dphi, dual: { kind: 'quadrature' } };
    default: {
      const unknown: never = activation;
      throw new Error(`unknown activation ${JSON.stringify(unknown)}`);
    }
  }
}
