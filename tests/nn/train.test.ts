import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, createTrainer, lossGradients, relativeFrobeniusArrays, type MlpSpec } from '../../src/nn';
import { BACKENDS, testInputs, useBackend } from './backends';

const base: MlpSpec = { inputDim: 3, width: 24, depth: 2, activation: 'tanh', weightVariance: 1.5, biasVariance: 0.1, parameterization: 'ntk', seed: 3 };

function targets(n: number): tf.Tensor1D {
  return tf.tensor1d(Array.from({ length: n }, (_, i) => Math.cos(0.9 * i)));
}

describe.each(BACKENDS)('training (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases = (['relu', 'erf', 'tanh', 'gelu'] as const).flatMap((activation) =>
    (['ntk', 'standard'] as const).flatMap((parameterization) => [0, 1, 3].map((depth) => ({ activation, parameterization, depth }))),
  );

  it.each(cases)('hand-written backward matches tf.grad: $activation $parameterization depth $depth', ({ activation, parameterization, depth }) => {
    const mlp = createMlp({ ...base, activation, parameterization, depth, seed: 10 + depth });
    const x = testInputs(7, 3);
    const y = targets(7);
    const vars = [...mlp.weights, ...mlp.biases];
    const mine = tf.tidy(() => {
      const g = lossGradients(mlp, x, y);
      return [g.loss, ...g.weights, ...g.biases];
    });
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(mlp.forward(x), y))), 2 * 7) as tf.Scalar),
      vars,
    );
    expect(mine[0].dataSync()[0]).toBeCloseTo(value.dataSync()[0], 5);
    vars.forEach((v, k) => {
      const ref = grads[v.name].dataSync();
      const got = mine[k + 1].dataSync();
      expect(got.length).toBe(ref.length);
      const refNorm = Math.hypot(...Array.from(ref));
      // Per-tensor relative error at float32 precision. Biases under NTK param with
      // sigma_b^2 = 0 would have zero gradients; here sigma_b^2 = 0.1 so all are nonzero.
      expect(refNorm).toBeGreaterThan(0);
      expect(relativeFrobeniusArrays(got, ref)).toBeLessThan(1e-5);
    });
    tf.dispose([...mine, value, ...Object.values(grads), x, y]);
    mlp.dispose();
  });

  it('one full-batch step is W - eta grad, and gradient descent lowers the loss', () => {
    const mlp = createMlp(base);
    const x = testInputs(8, 3);
    const y = targets(8);
    const w0 = mlp.getWeights()[1];
    const g = tf.tidy(() => lossGradients(mlp, x, y).weights[1]);
    const gv = g.dataSync().slice();
    g.dispose();
    const trainer = createTrainer(mlp, { x, y, learningRate: 0.5 });
    const r0 = trainer.step(0);
    const r1 = trainer.step();
    expect(r1.step).toBe(1);
    const w1 = mlp.getWeights()[1];
    for (let i = 0; i < 20; i++) expect(w1[i]).toBeCloseTo(w0[i] - 0.5 * gv[i], 5);
    const r = trainer.step(200);
    expect(r.step).toBe(201);
    expect(r.trainLoss).toBeLessThan(0.1 * r0.trainLoss);
    expect(r.diverged).toBeUndefined();
    trainer.dispose();
    mlp.dispose();
    tf.dispose([x, y]);
  });

  it('minibatch SGD is reproducible from its seed and differs across seeds', () => {
    const x = testInputs(16, 3);
    const y = targets(16);
    const run = (seed: number) => {
      const mlp = createMlp(base);
      const trainer = createTrainer(mlp, { x, y, learningRate: 0.3, batchSize: 4, seed });
      const r = trainer.step(80);
      const f = trainer.predict(x);
      trainer.dispose();
      mlp.dispose();
      return { r, f };
    };
    const a = run(1);
    const b = run(1);
    const c = run(2);
    expect(Array.from(b.f)).toEqual(Array.from(a.f));
    expect(a.r.trainLoss).toBe(b.r.trainLoss);
    expect(Math.abs(c.f[0] - a.f[0])).toBeGreaterThan(1e-6);
    // SGD still makes progress.
    const init = createMlp(base);
    const t0 = createTrainer(init, { x, y, learningRate: 0.3 });
    expect(a.r.trainLoss).toBeLessThan(0.5 * t0.step(0).trainLoss);
    t0.dispose();
    init.dispose();
    tf.dispose([x, y]);
  });

  it('divergence stops training with a report and finite predictions', () => {
    const x = testInputs(8, 3);
    const y = targets(8);
    for (const learningRate of [50, 1e20]) {
      const mlp = createMlp({ ...base, activation: 'relu', weightVariance: 2 });
      const trainer = createTrainer(mlp, { x, y, learningRate });
      const r = trainer.step(500);
      expect(r.diverged).toBeDefined();
      expect(r.diverged!.reason).toMatch(/loss/);
      expect(r.step).toBeLessThan(500);
      expect(Number.isFinite(r.trainLoss)).toBe(true);
      expect(trainer.predict(x).every(Number.isFinite)).toBe(true);
      // Further steps do nothing.
      const again = trainer.step(10);
      expect(again.step).toBe(r.step);
      expect(again.diverged).toEqual(r.diverged);
      trainer.dispose();
      mlp.dispose();
    }
    tf.dispose([x, y]);
  });

  it('tracks the relative kernel and weight change, which shrink with width', () => {
    const x = testInputs(8, 3);
    const y = targets(8);
    const changes = [32, 512].map((width) => {
      const mlp = createMlp({ ...base, width, activation: 'erf' });
      const trainer = createTrainer(mlp, { x, y, learningRate: 0.5, track: { kernel: true, weights: true } });
      const r0 = trainer.step(0);
      expect(r0.kernelChange).toBe(0);
      expect(r0.weightChange).toEqual([0, 0, 0]);
      const r = trainer.step(50);
      trainer.dispose();
      mlp.dispose();
      return r;
    });
    for (const r of changes) {
      expect(r.kernelChange).toBeGreaterThan(0);
      expect(r.weightChange!.length).toBe(3);
      r.weightChange!.forEach((w) => expect(w).toBeGreaterThan(0));
    }
    // Lazy training: 16x wider -> about 4x smaller relative changes (n^{-1/2}); assert at least 2x.
    expect(changes[1].kernelChange!).toBeLessThan(changes[0].kernelChange! / 2);
    expect(changes[1].weightChange![1]).toBeLessThan(changes[0].weightChange![1] / 2);
    tf.dispose([x, y]);
  });

  it('reports the test loss', () => {
    const x = testInputs(8, 3);
    const y = targets(8);
    const xTest = testInputs(5, 3, 20);
    const yTest = targets(5);
    const mlp = createMlp(base);
    const trainer = createTrainer(mlp, { x, y, xTest, yTest, learningRate: 0.5 });
    const r = trainer.step(3);
    const f = trainer.predict(xTest);
    const yt = yTest.dataSync();
    const expected = f.reduce((s, v, i) => s + (v - yt[i]) ** 2, 0) / 10;
    expect(r.testLoss).toBeCloseTo(expected, 6);
    trainer.dispose();
    mlp.dispose();
    tf.dispose([x, y, xTest, yTest]);
  });
});
