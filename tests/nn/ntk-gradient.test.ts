import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, ntkStructured, type MlpSpec } from '../../src/nn';
import { BACKENDS, testInputs, useBackend } from './backends';

/**
 * The structured kernel is built from differentiable tf ops, so a loss on the
 * kernel (Neural Tangent Transfer, Liu & Zenke 2020) can be differentiated
 * w.r.t. the weights. Check d/de sum Theta(W + e D) at e = 0 against tf.grad,
 * with a central finite difference in float32.
 */
describe.each(BACKENDS)('gradient of the structured NTK (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases: Partial<MlpSpec>[] = [
    { activation: 'tanh', parameterization: 'ntk', depth: 2 },
    { activation: 'erf', parameterization: 'standard', depth: 2 },
    { activation: 'gelu', parameterization: 'ntk', depth: 1 },
  ];

  it.each(cases)('tf.grad of sum(Theta) matches a finite difference: $activation $parameterization', (over) => {
    const mlp = createMlp({ inputDim: 3, width: 16, depth: 2, activation: 'tanh', weightVariance: 1.5, biasVariance: 0.1, parameterization: 'ntk', seed: 5, ...over });
    const x1 = testInputs(5, 3);
    const x2 = testInputs(4, 3, 9);
    const layer = 1;
    const w = mlp.weights[layer];
    const direction = tf.tidy(() => tf.sin(tf.reshape(tf.range(0, w.size), w.shape).mul(1.3)));
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.sum(ntkStructured(mlp, x1, x2)) as tf.Scalar), [w]);
    const analytic = tf.sum(tf.mul(grads[w.name], direction)).dataSync()[0];
    const w0 = w.clone();
    const at = (eps: number) => {
      tf.tidy(() => w.assign(tf.add(w0, tf.mul(direction, eps))));
      const t = ntkStructured(mlp, x1, x2);
      const s = tf.sum(t).dataSync()[0];
      t.dispose();
      return s;
    };
    // Scale the step to the perturbation's size: ||e D|| ~ 1e-2 ||W||.
    const eps = 1e-2 * Math.sqrt(tf.sum(tf.square(w0)).dataSync()[0] / tf.sum(tf.square(direction)).dataSync()[0]);
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    w.assign(w0);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    expect(Math.abs(numeric - analytic) / Math.abs(analytic)).toBeLessThan(2e-3);
    tf.dispose([direction, value, ...Object.values(grads), w0, x1, x2]);
    mlp.dispose();
  });
});
