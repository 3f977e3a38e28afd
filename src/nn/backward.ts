import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import { backpropagate, forwardWithCache, matMulTransposeA } from './forward-cache';

/** Loss, predictions and parameter gradients of one batch. */
export interface LossGradients {
  /** L = (1 / 2B) sum_i (f(x_i) - y_i)^2 over the batch. */
  loss: tf.Scalar;
  /** f(X) on the batch, N x 1. */
  output: tf.Tensor2D;
  /** dL/dW_l, same shapes as mlp.weights. */
  weights: tf.Tensor2D[];
  /** dL/db_l, same shapes as mlp.biases. */
  biases: tf.Tensor1D[];
}

/**
 * Hand-written backward pass of the half mean squared error, batched, with
 * explicit transposes (on wasm, tfjs's own matMul gradient uses the
 * transposed-argument form, which is much slower; DESIGN.md "Traps").
 *
 * With delta_L = (f - y) / B and h_l = s_l A_{l-1} W_l + c_l b_l:
 *   dL/dW_l = s_l A_{l-1}^T delta_l,   dL/db_l = c_l sum_rows(delta_l),
 *   delta_{l-1} = (delta_l (s_l W_l)^T) ⊙ phi'(h_{l-1}).
 * Not wrapped in tidy: call inside tf.tidy.
 */
export function lossGradients(mlp: Mlp, x: tf.Tensor2D, y: tf.Tensor1D): LossGradients {
  const cache = forwardWithCache(mlp, x);
  const n = x.shape[0];
  const residual = tf.sub(cache.output, tf.reshape(y, [n, 1])) as tf.Tensor2D;
  const loss = tf.div(tf.sum(tf.square(residual)), 2 * n) as tf.Scalar;
  const layers = mlp.weights.length;
  const weights: tf.Tensor2D[] = new Array(layers);
  const biases: tf.Tensor1D[] = new Array(layers);
  let delta = tf.div(residual, n) as tf.Tensor2D;
  for (let l = layers - 1; l >= 0; l--) {
    let gw = matMulTransposeA(cache.inputs[l], delta);
    if (mlp.weightScales[l] !== 1) gw = tf.mul(gw, mlp.weightScales[l]);
    weights[l] = gw;
    let gb = tf.sum(delta, 0) as tf.Tensor1D;
    if (mlp.biasScales[l] !== 1) gb = tf.mul(gb, mlp.biasScales[l]);
    biases[l] = gb;
    if (l > 0) delta = backpropagate(mlp, l, delta, cache.derivatives[l - 1]);
  }
  return { loss, output: cache.output, weights, biases };
}
