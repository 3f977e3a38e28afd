import * as tf from '@tensorflow/tfjs';
import { activate, activateDerivative } from './activations';
import { affine, type Mlp } from './mlp';

/**
 * Forward-mode derivative of f along a parameter direction (dW_l, db_l):
 * J(X) dtheta (N x 1), with dh_l = s_l (dA_{l-1} W_l + A_{l-1} dW_l) + c_l db_l
 * and dA_l = phi'(h_l) ⊙ dh_l. With dtheta = -eta grad L_B this equals
 * -(eta / B) Theta(X, X_B) (f(X_B) - y_B) without forming the kernel.
 * Not wrapped in tidy: call inside tf.tidy.
 */
export function jacobianVectorProduct(mlp: Mlp, x: tf.Tensor2D, dWeights: tf.Tensor2D[], dBiases: tf.Tensor1D[]): tf.Tensor2D {
  const layers = mlp.weights.length;
  let a: tf.Tensor2D = x;
  let da: tf.Tensor2D | null = null;
  for (let l = 0; l < layers; l++) {
    const w = mlp.weights[l] as tf.Tensor2D;
    const h = affine(a, w, mlp.biases[l] as tf.Tensor1D, mlp.weightScales[l], mlp.biasScales[l]);
    let dh: tf.Tensor2D = tf.matMul(a, dWeights[l]);
    if (da !== null) dh = tf.add(dh, tf.matMul(da, w));
    if (mlp.weightScales[l] !== 1) dh = tf.mul(dh, mlp.weightScales[l]);
    dh = tf.add(dh, mlp.biasScales[l] === 1 ? dBiases[l] : tf.mul(dBiases[l], mlp.biasScales[l]));
    if (l + 1 === layers) return dh;
    a = activate(mlp.spec.activation, h) as tf.Tensor2D;
    da = tf.mul(activateDerivative(mlp.spec.activation, h, a), dh) as tf.Tensor2D;
  }
  throw new Error('unreachable: an MLP has at least one layer');
}
