import * as tf from '@tensorflow/tfjs';

/** ||a - b||_F / ||b||_F (b is the reference), computed in float64 on the host. */
export function relativeFrobenius(a: tf.Tensor, b: tf.Tensor): number {
  if (a.size !== b.size) throw new RangeError(`relativeFrobenius: sizes differ (${a.size} vs ${b.size})`);
  return relativeFrobeniusArrays(a.dataSync(), b.dataSync());
}

/** ||a - b||_F / ||b||_F over flat arrays, accumulated in float64. */
export function relativeFrobeniusArrays(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] - b[i];
    diff += d * d;
    ref += b[i] * b[i];
  }
  return Math.sqrt(diff) / Math.sqrt(ref);
}

/** Mean squared error with a half: (1 / 2N) sum_i (f_i - y_i)^2, in float64. */
export function halfMse(f: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const d = f[i] - y[i];
    s += d * d;
  }
  return s / (2 * y.length);
}
