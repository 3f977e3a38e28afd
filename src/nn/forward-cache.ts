import * as tf from '@tensorflow/tfjs';
import { activate, activateDerivative } from './activations';
import { affine, type Mlp } from './mlp';

/**
 * Everything a batched forward pass leaves behind that the backward pass,
 * the structured NTK and the JVPs need. Tensors are not tracked by any tidy
 * here: call inside tf.tidy.
 */
export interface ForwardCache {
  /** Layer inputs A_0 = X, A_l = phi(h_l) for l = 1..L (N x n_l). */
  inputs: tf.Tensor2D[];
  /** phi'(h_l) for the hidden layers l = 1..L (N x n). */
  derivatives: tf.Tensor2D[];
  /** f(X) as an N x 1 matrix. */
  output: tf.Tensor2D;
}

/** Forward pass of `mlp` on X keeping layer inputs and activation derivatives. */
export function forwardWithCache(mlp: Mlp, x: tf.Tensor2D): ForwardCache {
  const layers = mlp.weights.length;
  const inputs: tf.Tensor2D[] = [x];
  const derivatives: tf.Tensor2D[] = [];
  let a = x;
  for (let l = 0; l < layers; l++) {
    const h = affine(a, mlp.weights[l] as tf.Tensor2D, mlp.biases[l] as tf.Tensor1D, mlp.weightScales[l], mlp.biasScales[l]);
    if (l + 1 === layers) return { inputs, derivatives, output: h };
    a = activate(mlp.spec.activation, h) as tf.Tensor2D;
    inputs.push(a);
    derivatives.push(activateDerivative(mlp.spec.activation, h, a) as tf.Tensor2D);
  }
  throw new Error('unreachable: an MLP has at least one layer');
}

/**
 * a b^T without matMul's transpose flags (slow on wasm; DESIGN.md "Traps").
 * When b is the larger operand (a weight matrix) it is cheaper to transpose
 * the small ones: a b^T = (b a^T)^T. Measured on wasm for a = 64 x 1024 and
 * b = 1024 x 1024: 7 ms against 21 ms for a transpose(b) and 86 ms with the flag.
 */
export function matMulTransposeB(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, k] = a.shape;
  const m = b.shape[0];
  if (m * k > n * (k + m)) return tf.transpose(tf.matMul(b, tf.transpose(a))) as tf.Tensor2D;
  return tf.matMul(a, tf.transpose(b));
}

/** a^T b with an explicit transpose (see matMulTransposeB). */
export function matMulTransposeA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.transpose(a), b);
}

/**
 * Backprop sensitivities G_l = df/dh_l (N x n_l) for the affine layers
 * l = 0..L, from the read-out (G_L = ones, N x 1) down:
 * G_{l-1} = (G_l (s_l W_l)^T) ⊙ phi'(h_{l-1}).
 * Returned in layer order (index l is the sensitivity of layer l's output).
 */
export function sensitivities(mlp: Mlp, cache: ForwardCache): tf.Tensor2D[] {
  const layers = mlp.weights.length;
  const n = cache.output.shape[0];
  const g: tf.Tensor2D[] = new Array(layers);
  g[layers - 1] = tf.ones([n, 1]);
  for (let l = layers - 1; l > 0; l--) {
    g[l - 1] = backpropagate(mlp, l, g[l], cache.derivatives[l - 1]);
  }
  return g;
}

/** (delta (s_l W_l)^T) ⊙ phi'(h_{l-1}): sensitivity of layer l-1's output from layer l's. */
export function backpropagate(mlp: Mlp, l: number, delta: tf.Tensor2D, derivative: tf.Tensor2D): tf.Tensor2D {
  const s = mlp.weightScales[l];
  let back = matMulTransposeB(delta, mlp.weights[l] as tf.Tensor2D);
  if (s !== 1) back = tf.mul(back, s);
  return tf.mul(back, derivative);
}
