import * as tf from '@tensorflow/tfjs';
import { drawInitialParameters } from './seeded-init';
import { layerScales, layerSizes, validateSpec, type MlpSpec } from './spec';
import { activate } from './activations';

/**
 * A fully-connected network with scalar output, held in tf.Variables.
 * weights[l] has shape [n_l, n_{l+1}] and biases[l] shape [n_{l+1}], for the
 * L + 1 affine layers l = 0..L. Layer l computes
 * h = weightScales[l] * (x W_l) + biasScales[l] * b_l (see spec.ts).
 */
export interface Mlp {
  readonly spec: MlpSpec;
  readonly weights: tf.Variable[];
  readonly biases: tf.Variable[];
  /** Forward multipliers of the weights per layer (sigma_w / sqrt(n_l) in NTK param, 1 in standard). */
  readonly weightScales: number[];
  /** Forward multipliers of the biases per layer (sigma_b in NTK param, 1 in standard). */
  readonly biasScales: number[];
  /** Total number of trainable scalars. */
  readonly numParams: number;
  /** Batched forward pass: X (N x n_0) -> f(X) (N). Differentiable w.r.t. the variables. */
  forward(x: tf.Tensor2D): tf.Tensor1D;
  /** A network with copies of the current parameters (its own variables). */
  clone(): Mlp;
  /** Current weight matrices, row-major [n_l, n_{l+1}], one per layer. */
  getWeights(): Float32Array[];
  /** Current bias vectors, one per layer. */
  getBiases(): Float32Array[];
  /** Overwrite all parameters (same shapes as getWeights/getBiases). */
  setParameters(weights: Float32Array[], biases: Float32Array[]): void;
  /** Dispose every variable this network created. Idempotent. */
  dispose(): void;
}

/** Build an MLP with initial parameters drawn from the spec's seed (identical on every backend). */
export function createMlp(spec: MlpSpec): Mlp {
  validateSpec(spec);
  const init = drawInitialParameters(spec);
  return buildMlp(
    { ...spec },
    init.map((l) => l.weights),
    init.map((l) => l.bias),
  );
}

function buildMlp(spec: MlpSpec, weightValues: Float32Array[], biasValues: Float32Array[]): Mlp {
  const sizes = layerSizes(spec);
  const layers = sizes.length - 1;
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  const weightScales: number[] = [];
  const biasScales: number[] = [];
  let numParams = 0;
  for (let l = 0; l < layers; l++) {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    weights.push(tf.tidy(() => tf.variable(tf.tensor2d(weightValues[l], [nIn, nOut]), true)));
    biases.push(tf.tidy(() => tf.variable(tf.tensor1d(biasValues[l]), true)));
    const scales = layerScales(spec, nIn);
    weightScales.push(scales.weightScale);
    biasScales.push(scales.biasScale);
    numParams += nIn * nOut + nOut;
  }
  let disposed = false;

  const mlp: Mlp = {
    spec,
    weights,
    biases,
    weightScales,
    biasScales,
    numParams,
    forward(x: tf.Tensor2D): tf.Tensor1D {
      return tf.tidy(() => {
        let a: tf.Tensor2D = x;
        for (let l = 0; l < layers; l++) {
          const h = affine(a, weights[l] as tf.Tensor2D, biases[l] as tf.Tensor1D, weightScales[l], biasScales[l]);
          a = l + 1 < layers ? (activate(spec.activation, h) as tf.Tensor2D) : h;
        }
        return tf.reshape(a, [-1]) as tf.Tensor1D;
      });
    },
    clone(): Mlp {
      return buildMlp({ ...spec }, mlp.getWeights(), mlp.getBiases());
    },
    getWeights: () => weights.map((w) => w.dataSync() as Float32Array).map((d) => d.slice()),
    getBiases: () => biases.map((b) => b.dataSync() as Float32Array).map((d) => d.slice()),
    setParameters(newWeights: Float32Array[], newBiases: Float32Array[]): void {
      for (let l = 0; l < layers; l++) {
        if (newWeights[l].length !== sizes[l] * sizes[l + 1] || newBiases[l].length !== sizes[l + 1]) {
          throw new RangeError(`setParameters: wrong size for layer ${l}`);
        }
        const w = tf.tensor2d(newWeights[l], [sizes[l], sizes[l + 1]]);
        weights[l].assign(w);
        w.dispose();
        const b = tf.tensor1d(newBiases[l]);
        biases[l].assign(b);
        b.dispose();
      }
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const v of [...weights, ...biases]) v.dispose();
    },
  };
  return mlp;
}

/** h = weightScale * (a W) + biasScale * b (scalings skipped when they equal 1). */
export function affine(a: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, weightScale: number, biasScale: number): tf.Tensor2D {
  let h: tf.Tensor2D = tf.matMul(a, w);
  if (weightScale !== 1) h = tf.mul(h, weightScale);
  return tf.add(h, biasScale === 1 ? b : tf.mul(b, biasScale));
}
