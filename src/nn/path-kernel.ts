import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import { jacobianVectorProduct } from './jvp';

/**
 * Discrete path-kernel sum (Domingos 2020, "Every model learned by gradient
 * descent is approximately a kernel machine"): over the steps t,
 *   S(x) = sum_t -(eta / B) Theta_t(x, X_B) (f_t(X_B) - y_B),
 * so that f_0(x) + S(x) is the kernel machine's prediction, to be compared
 * with the trained network f_T(x). Each term is the tangent-kernel prediction
 * of that step's change of f; it is computed exactly as the JVP J_t(x) dtheta_t
 * with dtheta_t = -eta grad L_B (no kernel is formed). f_T - (f_0 + S) is the
 * curvature the first-order terms miss, O(eta) along a path of fixed length.
 */
export interface PathKernelAccumulator {
  /** Add one step's term; call with the parameters before the update and its direction dtheta. */
  add(dWeights: tf.Tensor2D[], dBiases: tf.Tensor1D[]): void;
  /** f_0(x) + S(x) on the training (and test) inputs. */
  prediction(): { train: Float32Array; test?: Float32Array };
  dispose(): void;
}

export function createPathKernelAccumulator(mlp: Mlp, x: tf.Tensor2D, xTest?: tf.Tensor2D): PathKernelAccumulator {
  const sets = xTest === undefined ? [x] : [x, xTest];
  // Running values f_0(x) + S(x), starting from the network's outputs at init.
  let sums: tf.Tensor1D[] = sets.map((s) => mlp.forward(s));
  return {
    add(dWeights, dBiases) {
      const next = tf.tidy(() =>
        sets.map((s, k) => tf.add(sums[k], tf.reshape(jacobianVectorProduct(mlp, s, dWeights, dBiases), [-1])) as tf.Tensor1D),
      );
      tf.dispose(sums);
      sums = next;
    },
    prediction() {
      const [train, test] = sums.map((s) => (s.dataSync() as Float32Array).slice());
      return test === undefined ? { train } : { train, test };
    },
    dispose() {
      tf.dispose(sums);
      sums = [];
    },
  };
}
