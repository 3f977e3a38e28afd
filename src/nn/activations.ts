import * as tf from '@tensorflow/tfjs';
import type { MlpActivation } from './spec';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** phi(h), elementwise, in differentiable tf ops. */
export function activate(name: MlpActivation, h: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(h);
    case 'erf':
      return tf.erf(h);
    case 'tanh':
      return tf.tanh(h);
    case 'linear':
      return h;
    case 'gelu':
      // Exact GELU: h * Phi(h) with Phi(h) = (1 + erf(h / sqrt 2)) / 2.
      return tf.mul(h, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(h, INV_SQRT_2)))));
  }
}

/**
 * phi'(h), elementwise, in differentiable tf ops (so kernels built from it can
 * be differentiated again). `phiOfH` may pass the already computed phi(h),
 * which tanh reuses: tanh' = 1 - tanh^2.
 * - relu: step(h) (0 at h = 0, like tf.relu's gradient)
 * - erf: (2 / sqrt(pi)) exp(-h^2)
 * - gelu: Phi(h) + h exp(-h^2 / 2) / sqrt(2 pi)
 */
export function activateDerivative(name: MlpActivation, h: tf.Tensor, phiOfH?: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.step(h);
    case 'erf':
      return tf.mul(TWO_OVER_SQRT_PI, tf.exp(tf.neg(tf.square(h))));
    case 'tanh': {
      const t = phiOfH ?? tf.tanh(h);
      return tf.sub(1, tf.square(t));
    }
    case 'linear':
      return tf.onesLike(h);
    case 'gelu': {
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(h, INV_SQRT_2))));
      const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(h))));
      return tf.add(cdf, tf.mul(h, pdf));
    }
  }
}
