import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinearized, createMlp, createTrainer, ntkGeneric, ntkStructured, type MlpSpec } from '../../src/nn';
import { BACKENDS, testInputs, useBackend } from './backends';

const spec: MlpSpec = { inputDim: 3, width: 16, depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1, parameterization: 'ntk', seed: 8 };

describe.each(BACKENDS)('tensor bookkeeping (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([
    { name: 'full batch', batchSize: undefined },
    { name: 'minibatch', batchSize: 3 },
  ])('numTensors is the same after 1000 steps as after 10 ($name, all tracking on); dispose returns to baseline', ({ batchSize }) => {
    const x = testInputs(8, 3);
    const y = tf.tensor1d([0.1, -0.2, 0.3, 0.5, -0.4, 0.2, 0, 0.6]);
    const xTest = testInputs(4, 3, 40);
    const yTest = tf.tensor1d([0.2, 0.1, -0.1, 0.3]);
    const baseline = tf.memory().numTensors;
    const mlp = createMlp(spec);
    const trainer = createTrainer(mlp, {
      x, y, xTest, yTest, learningRate: 0.1, batchSize, seed: 2,
      track: { kernel: true, weights: true, pathKernel: true },
    });
    trainer.step(10);
    trainer.predict(xTest);
    trainer.pathKernelPrediction!();
    const after10 = tf.memory().numTensors;
    const bytes10 = tf.memory().numBytes;
    const r = trainer.step(990);
    trainer.predict(xTest);
    trainer.pathKernelPrediction!();
    expect(r.step).toBe(1000);
    expect(r.diverged).toBeUndefined();
    expect(tf.memory().numTensors).toBe(after10);
    expect(tf.memory().numBytes).toBe(bytes10);
    trainer.dispose();
    trainer.dispose();
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    tf.dispose([x, y, xTest, yTest]);
  });

  it('a diverged trainer (with rollback) and the linearized model leave nothing behind', () => {
    const x = testInputs(8, 3);
    const y = tf.tensor1d([0.1, -0.2, 0.3, 0.5, -0.4, 0.2, 0, 0.6]);
    const xTest = testInputs(4, 3, 40);
    const baseline = tf.memory().numTensors;
    const mlp = createMlp(spec);
    const trainer = createTrainer(mlp, { x, y, learningRate: 1e20, track: { kernel: true, weights: true, pathKernel: true } });
    expect(trainer.step(100).diverged).toBeDefined();
    trainer.dispose();
    const lin = createLinearized(mlp, x, y, xTest, 0.1);
    lin.step(100);
    lin.dispose();
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    tf.dispose([x, y, xTest]);
  });

  it('kernels return one new tensor and hold nothing else', () => {
    const x1 = testInputs(5, 3);
    const x2 = testInputs(4, 3, 7);
    const mlp = createMlp(spec);
    const baseline = tf.memory().numTensors;
    const a = ntkStructured(mlp, x1, x2);
    const b = ntkGeneric((x) => mlp.forward(x), [...mlp.weights, ...mlp.biases], x1, x2);
    expect(tf.memory().numTensors).toBe(baseline + 2);
    tf.dispose([a, b]);
    const c = ntkStructured(mlp, x1);
    expect(tf.memory().numTensors).toBe(baseline + 1);
    tf.dispose([c, x1, x2]);
    mlp.dispose();
  });
});
