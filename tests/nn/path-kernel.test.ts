import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, createTrainer, ntkStructured, relativeFrobeniusArrays, type MlpSpec } from '../../src/nn';
import { BACKENDS, testInputs, useBackend } from './backends';

const spec: MlpSpec = { inputDim: 3, width: 32, depth: 2, activation: 'tanh', weightVariance: 2, biasVariance: 0.1, parameterization: 'ntk', seed: 4 };
const targets = (n: number) => tf.tensor1d(Array.from({ length: n }, (_, i) => Math.cos(0.9 * i)));

describe.each(BACKENDS)('path kernel (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  it('one step adds -(eta/N) Theta_0(x, X)(f_0(X) - y), with the kernel formed explicitly', () => {
    const x = testInputs(8, 3);
    const xTest = testInputs(5, 3, 20);
    const y = targets(8);
    const eta = 0.3;
    const mlp = createMlp(spec);
    const thetaTest = ntkStructured(mlp, xTest, x);
    const thetaTrain = ntkStructured(mlp, x);
    const f0 = mlp.forward(x);
    const f0Test = mlp.forward(xTest);
    const expected = tf.tidy(() => {
      const r = tf.reshape(tf.sub(f0, y), [8, 1]);
      const step = (theta: tf.Tensor2D, base: tf.Tensor1D) => tf.sub(base, tf.mul(tf.reshape(tf.matMul(theta, r), [-1]), eta / 8));
      return [step(thetaTrain, f0).dataSync().slice(), step(thetaTest, f0Test).dataSync().slice()];
    });
    const trainer = createTrainer(mlp, { x, y, xTest, learningRate: eta, track: { pathKernel: true } });
    trainer.step();
    const pk = trainer.pathKernelPrediction!();
    const increment = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a, (v, i) => v - b[i]);
    const f0v = f0.dataSync();
    const f0t = f0Test.dataSync();
    expect(relativeFrobeniusArrays(increment(pk.train, f0v), increment(expected[0], f0v))).toBeLessThan(1e-4);
    expect(relativeFrobeniusArrays(increment(pk.test!, f0t), increment(expected[1], f0t))).toBeLessThan(1e-4);
    trainer.dispose();
    mlp.dispose();
    tf.dispose([x, xTest, y, thetaTest, thetaTrain, f0, f0Test]);
  });

  it('f_0 + path-kernel sum tracks the trained network, with a gap that halves with the step size', () => {
    const x = testInputs(8, 3);
    const xTest = testInputs(6, 3, 20);
    const y = targets(8);
    // Same training time eta * T = 10, three step sizes.
    const results = [[0.4, 25], [0.2, 50], [0.1, 100]].map(([eta, steps]) => {
      const mlp = createMlp(spec);
      const f0 = mlp.forward(xTest);
      const f0v = f0.dataSync().slice();
      f0.dispose();
      const trainer = createTrainer(mlp, { x, y, xTest, learningRate: eta, track: { pathKernel: true } });
      trainer.step(steps);
      const fT = trainer.predict(xTest);
      const pk = trainer.pathKernelPrediction!().test!;
      const gap = Math.hypot(...Array.from(fT, (v, i) => v - pk[i]));
      const moved = Math.hypot(...Array.from(fT, (v, i) => v - f0v[i]));
      trainer.dispose();
      mlp.dispose();
      return { gap, moved };
    });
    for (const r of results) {
      expect(r.moved).toBeGreaterThan(0.5);
      expect(r.gap).toBeLessThan(0.02 * r.moved);
    }
    // First order in eta: measured ratios about 0.45-0.5.
    for (let k = 1; k < results.length; k++) {
      const ratio = results[k].gap / results[k - 1].gap;
      expect(ratio).toBeGreaterThan(0.3);
      expect(ratio).toBeLessThan(0.7);
    }
    tf.dispose([x, xTest, y]);
  });
});
