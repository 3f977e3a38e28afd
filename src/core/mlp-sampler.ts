/**
 * A float64 random MLP, the Monte Carlo oracle for the analytic kernels. It is
 * built from the same layer list (architecture.ts) as the kernel recursion.
 *
 * NTK parameterization: W, b ~ N(0, 1), h = (sigma_w / sqrt(fanIn)) W x + sigma_b b.
 * Standard parameterization: W ~ N(0, sigma_w^2 / fanIn), b ~ N(0, sigma_b^2), h = W x + b.
 *
 * Empirical NTK (Jacot et al. 2018; Lee et al. 2019): Theta_hat(x, x') = sum over parameters of
 * df(x)/dtheta df(x')/dtheta. With backpropagated errors delta^l(x) = df(x)/dh^l and the layer
 * inputs a^{l-1}(x), a dense layer h = s_w W a + s_b b contributes
 *   s_w^2 (delta^l(x) . delta^l(x')) (a^{l-1}(x) . a^{l-1}(x')) + s_b^2 (delta^l(x) . delta^l(x')),
 * so the kernel is assembled from per-example backward passes without forming Jacobians
 * (the structured form of Novak et al. 2022).
 */
import { describeNetwork, type DenseLayer, type Layer } from './architecture';
import { toDense, type Dense } from './matrix';
import type { Rng } from './random';
import type { Matrix, NetworkSpec } from './types';

interface DenseParameters {
  readonly layer: DenseLayer;
  /** units x fanIn, row-major. */
  readonly weights: Float64Array;
  readonly biases: Float64Array;
  /** Multiplier of W in the forward pass (sigma_w / sqrt(fanIn) or 1). */
  readonly weightScale: number;
  /** Multiplier of b in the forward pass (sigma_b or 1). */
  readonly biasScale: number;
}

/** Activations of one batch through the network, kept for the backward pass. */
interface Trace {
  /** Input to each dense layer (batch x fanIn). */
  readonly inputs: Dense[];
  /** Pre-activation output of each dense layer (batch x units). */
  readonly outputs: Dense[];
}

function initDense(layer: DenseLayer, rng: Rng): DenseParameters {
  const { fanIn, units } = layer;
  const ntk = layer.parameterization === 'ntk';
  const wStd = ntk ? 1 : Math.sqrt(layer.weightVariance / fanIn);
  const bStd = ntk ? 1 : Math.sqrt(layer.biasVariance);
  const weights = new Float64Array(units * fanIn);
  for (let k = 0; k < weights.length; k++) weights[k] = wStd * rng.normal();
  const biases = new Float64Array(units);
  for (let k = 0; k < units; k++) biases[k] = bStd * rng.normal();
  return {
    layer,
    weights,
    biases,
    weightScale: ntk ? Math.sqrt(layer.weightVariance / fanIn) : 1,
    biasScale: ntk ? Math.sqrt(layer.biasVariance) : 1,
  };
}

/** out = s_w x W^T + s_b b for a batch x (batch x fanIn). */
function applyDense(p: DenseParameters, x: Dense): Dense {
  const { fanIn, units } = p.layer;
  const batch = x.rows;
  const out = new Float64Array(batch * units);
  for (let n = 0; n < batch; n++) {
    const xo = n * fanIn;
    for (let u = 0; u < units; u++) {
      const wo = u * fanIn;
      let s = 0;
      for (let k = 0; k < fanIn; k++) s += p.weights[wo + k] * x.data[xo + k];
      out[n * units + u] = p.weightScale * s + p.biasScale * p.biases[u];
    }
  }
  return { rows: batch, cols: units, data: out };
}

function applyActivation(phi: (u: number) => number, h: Dense): Dense {
  const data = new Float64Array(h.data.length);
  for (let k = 0; k < data.length; k++) data[k] = phi(h.data[k]);
  return { rows: h.rows, cols: h.cols, data };
}

/** A sampled network: its outputs and its empirical NTK. */
export interface SampledMlp {
  forward(x: Matrix): number[];
  empiricalNtk(x1: Matrix, x2: Matrix): Matrix;
}

export function sampleMlpNetwork(spec: NetworkSpec & { width: number; inputDim: number }, rng: Rng): SampledMlp {
  if (!Number.isInteger(spec.width) || spec.width < 1) throw new Error(`width must be an integer >= 1, got ${spec.width}`);
  const architecture = describeNetwork(spec, spec.inputDim);
  const layers: Layer[] = [...architecture.layers];
  const params = new Map<Layer, DenseParameters>();
  for (const layer of layers) if (layer.kind === 'dense') params.set(layer, initDense(layer, rng));

  const run = (x: Dense): Trace => {
    if (x.cols !== spec.inputDim) throw new Error(`inputs have ${x.cols} columns, the network expects ${spec.inputDim}`);
    const inputs: Dense[] = [];
    const outputs: Dense[] = [];
    let a = x;
    for (const layer of layers) {
      if (layer.kind === 'dense') {
        inputs.push(a);
        a = applyDense(params.get(layer) as DenseParameters, a);
        outputs.push(a);
      } else {
        a = applyActivation(layer.activation.phi, a);
      }
    }
    return { inputs, outputs };
  };

  /** delta^l = df/dh^l for every dense layer l (batch x units), by backpropagation. */
  const backward = (trace: Trace): Dense[] => {
    const dense = layers.filter((l): l is DenseLayer => l.kind === 'dense');
    const deltas: Dense[] = new Array(dense.length);
    const batch = trace.inputs[0].rows;
    deltas[dense.length - 1] = { rows: batch, cols: 1, data: new Float64Array(batch).fill(1) };
    let activationIndex = layers.length - 2; // the activation before the read-out
    for (let l = dense.length - 1; l > 0; l--) {
      const p = params.get(dense[l]) as DenseParameters;
      const { fanIn, units } = dense[l];
      const act = layers[activationIndex];
      if (act.kind !== 'activation') throw new Error('expected an activation between dense layers');
      const dphi = act.activation.dphi;
      const h = trace.outputs[l - 1];
      const next = new Float64Array(batch * fanIn);
      const delta = deltas[l];
      for (let n = 0; n < batch; n++) {
        const row = next.subarray(n * fanIn, (n + 1) * fanIn);
        for (let u = 0; u < units; u++) {
          const d = delta.data[n * units + u] * p.weightScale;
          if (d === 0) continue;
          const wo = u * fanIn;
          for (let k = 0; k < fanIn; k++) row[k] += d * p.weights[wo + k];
        }
        for (let k = 0; k < fanIn; k++) row[k] *= dphi(h.data[n * fanIn + k]);
      }
      deltas[l - 1] = { rows: batch, cols: fanIn, data: next };
      activationIndex -= 2;
    }
    return deltas;
  };

  const gram = (a: Dense, b: Dense): Float64Array => {
    const out = new Float64Array(a.rows * b.rows);
    const d = a.cols;
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < b.rows; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += a.data[i * d + k] * b.data[j * d + k];
        out[i * b.rows + j] = s;
      }
    }
    return out;
  };

  return {
    forward(x: Matrix): number[] {
      const trace = run(toDense(x, 'x'));
      return Array.from(trace.outputs[trace.outputs.length - 1].data);
    },
    empiricalNtk(x1: Matrix, x2: Matrix): Matrix {
      const t1 = run(toDense(x1, 'x1'));
      const t2 = run(toDense(x2, 'x2'));
      const d1 = backward(t1);
      const d2 = backward(t2);
      const n1 = t1.inputs[0].rows;
      const n2 = t2.inputs[0].rows;
      const ntk = new Float64Array(n1 * n2);
      const dense = layers.filter((l): l is DenseLayer => l.kind === 'dense');
      for (let l = 0; l < dense.length; l++) {
        const p = params.get(dense[l]) as DenseParameters;
        const dd = gram(d1[l], d2[l]);
        const aa = gram(t1.inputs[l], t2.inputs[l]);
        const sw2 = p.weightScale * p.weightScale;
        const sb2 = p.biasScale * p.biasScale;
        for (let k = 0; k < ntk.length; k++) ntk[k] += dd[k] * (sw2 * aa[k] + sb2);
      }
      const out: Matrix = [];
      for (let i = 0; i < n1; i++) out.push(Array.from(ntk.subarray(i * n2, (i + 1) * n2)));
      return out;
    },
  };
}
