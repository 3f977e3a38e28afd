import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import { forwardWithCache, matMulTransposeB, sensitivities } from './forward-cache';

/**
 * Empirical NTK of an MLP by structured derivatives, batched (no loop over
 * examples; Novak, Sohl-Dickstein & Schoenholz 2022, "Fast Finite Width NTK",
 * structured derivatives of dense layers).
 *
 * Layer l computes h_l = s_l A_{l-1} W_l + c_l b_l, so df/dW_l = s_l A_{l-1}^T G_l
 * and df/db_l = c_l G_l with G_l = df/dh_l. Summing the parameter products:
 *
 *   Theta(X1, X2) = sum_l (G_l(X1) G_l(X2)^T) ⊙ (s_l^2 A_{l-1}(X1) A_{l-1}(X2)^T + c_l^2).
 *
 * Cost O(N1 N2 n L) instead of O(N P) for Jacobian contraction. Written in
 * differentiable tf ops: a loss on the kernel can be differentiated w.r.t. the
 * weights (Neural Tangent Transfer). x2 defaults to x1.
 */
export function ntkStructured(mlp: Mlp, x1: tf.Tensor2D, x2?: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const c1 = forwardWithCache(mlp, x1);
    const c2 = x2 === undefined || x2 === x1 ? c1 : forwardWithCache(mlp, x2);
    const g1 = sensitivities(mlp, c1);
    const g2 = c2 === c1 ? g1 : sensitivities(mlp, c2);
    const layers = mlp.weights.length;
    let theta: tf.Tensor2D | null = null;
    for (let l = 0; l < layers; l++) {
      const s2 = mlp.weightScales[l] ** 2;
      const c2b = mlp.biasScales[l] ** 2;
      let inputGram = matMulTransposeB(c1.inputs[l], c2.inputs[l]);
      if (s2 !== 1) inputGram = tf.mul(inputGram, s2);
      if (c2b !== 0) inputGram = tf.add(inputGram, c2b);
      // The read-out's sensitivity is all ones: its Gram matrix is too.
      const term: tf.Tensor2D = l + 1 === layers ? inputGram : tf.mul(matMulTransposeB(g1[l], g2[l]), inputGram);
      theta = theta === null ? term : (tf.add(theta, term) as tf.Tensor2D);
    }
    return theta as tf.Tensor2D;
  });
}
