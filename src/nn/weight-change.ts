import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';

/** Relative movement of each layer's weight matrix since creation: ||W_t - W_0||_F / ||W_0||_F. */
export interface WeightTracker {
  relativeChange(): number[];
  dispose(): void;
}

export function createWeightTracker(mlp: Mlp): WeightTracker {
  let initial: tf.Tensor[] = mlp.weights.map((w) => tf.clone(w));
  return {
    relativeChange() {
      const ratios = tf.tidy(() =>
        tf.stack(mlp.weights.map((w, l) => tf.div(tf.norm(tf.sub(w, initial[l])), tf.norm(initial[l])))),
      );
      const values = Array.from(ratios.dataSync());
      ratios.dispose();
      return values;
    },
    dispose() {
      tf.dispose(initial);
      initial = [];
    },
  };
}
