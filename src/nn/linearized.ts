import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import { ntkStructured } from './ntk-structured';

/** Gradient descent on the network linearized around its current parameters, in function space. */
export interface LinearizedModel {
  /** Apply k (default 1) gradient-descent steps. */
  step(k?: number): void;
  /** Number of steps applied. */
  readonly steps: number;
  predictTrain(): Float32Array;
  predictTest(): Float32Array;
  /** Theta_0(X, X) (N x N, row-major) and Theta_0(X*, X) (M x N), float64 copies. */
  kernels(): { trainTrain: Float64Array; testTrain: Float64Array };
  dispose(): void;
}

/**
 * The linearized network f_lin(x; theta) = f_0(x) + J_0(x)(theta - theta_0)
 * (Lee et al. 2019) trained by full-batch gradient descent with learning rate
 * eta on L = (1 / 2N) sum (f - y)^2. In function space each step is exactly
 *   f_lin(x) <- f_lin(x) - (eta / N) Theta_0(x, X) (f_lin(X) - y)
 * for x in the training and the test set, so only Theta_0(X, X), Theta_0(X*, X)
 * and f_0 are stored (no Jacobian). The recursion runs in float64 on the host;
 * no tensors are held after construction.
 */
export function createLinearized(
  mlp: Mlp,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  xTest: tf.Tensor2D,
  learningRate: number,
): LinearizedModel {
  const n = x.shape[0];
  const m = xTest.shape[0];
  const read = (t: tf.Tensor): Float64Array => {
    const v = Float64Array.from(t.dataSync());
    t.dispose();
    return v;
  };
  const thetaTrain = read(ntkStructured(mlp, x));
  const thetaTest = read(ntkStructured(mlp, xTest, x));
  const fTrain = read(mlp.forward(x));
  const fTest = read(mlp.forward(xTest));
  const target = Float64Array.from(y.dataSync());
  const residual = new Float64Array(n);
  const scale = learningRate / n;
  let steps = 0;

  const applyKernel = (theta: Float64Array, rows: number, f: Float64Array) => {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += theta[i * n + j] * residual[j];
      f[i] -= scale * s;
    }
  };

  return {
    step(k = 1) {
      for (let t = 0; t < k; t++) {
        for (let j = 0; j < n; j++) residual[j] = fTrain[j] - target[j];
        applyKernel(thetaTrain, n, fTrain);
        applyKernel(thetaTest, m, fTest);
        steps += 1;
      }
    },
    get steps() {
      return steps;
    },
    predictTrain: () => Float32Array.from(fTrain),
    predictTest: () => Float32Array.from(fTest),
    kernels: () => ({ trainTrain: thetaTrain.slice(), testTrain: thetaTest.slice() }),
    dispose() {
      // Nothing on the tf side: everything lives in host arrays.
    },
  };
}
