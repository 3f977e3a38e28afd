import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMlp, ntkGeneric, ntkGenericModel, ntkStructured, relativeFrobenius, type MlpSpec } from '../../src/nn';
import { BACKENDS, testInputs, useBackend } from './backends';

const TOLERANCE = 1e-4; // relative Frobenius, float32

function spec(over: Partial<MlpSpec>): MlpSpec {
  return { inputDim: 3, width: 12, depth: 2, activation: 'relu', weightVariance: 2, biasVariance: 0.1, parameterization: 'ntk', seed: 7, ...over };
}

describe.each(BACKENDS)('structured vs generic empirical NTK (%s)', (backend) => {
  let xTrain: tf.Tensor2D;
  let xTest: tf.Tensor2D;
  beforeAll(async () => {
    await useBackend(backend);
    xTrain = testInputs(5, 3);
    xTest = testInputs(4, 3, 11);
  });
  afterAll(() => tf.dispose([xTrain, xTest]));

  const cases = (['relu', 'erf', 'tanh'] as const).flatMap((activation) =>
    [1, 2, 3, 4].flatMap((depth) => (['ntk', 'standard'] as const).map((parameterization) => ({ activation, depth, parameterization }))),
  );

  it.each(cases)('$activation depth $depth $parameterization: train x train and test x train agree', ({ activation, depth, parameterization }) => {
    const mlp = createMlp(spec({ activation, depth, parameterization, seed: 100 + depth }));
    const f = (x: tf.Tensor2D) => mlp.forward(x);
    const vars = [...mlp.weights, ...mlp.biases];
    for (const [a, b] of [[xTrain, undefined], [xTest, xTrain]] as const) {
      const fast = ntkStructured(mlp, a, b);
      const ref = ntkGeneric(f, vars, a, b);
      expect(fast.shape).toEqual([a.shape[0], (b ?? a).shape[0]]);
      const err = relativeFrobenius(fast, ref);
      expect(err).toBeLessThan(TOLERANCE);
      // Not vacuous: the kernel has entries of order one.
      expect(Math.max(...Array.from(ref.dataSync()).map(Math.abs))).toBeGreaterThan(0.05);
      tf.dispose([fast, ref]);
    }
    mlp.dispose();
  });

  it('gelu and linear activations agree too', () => {
    for (const activation of ['gelu', 'linear'] as const) {
      const mlp = createMlp(spec({ activation, depth: 2 }));
      const fast = ntkStructured(mlp, xTest, xTrain);
      const ref = ntkGeneric((x) => mlp.forward(x), [...mlp.weights, ...mlp.biases], xTest, xTrain);
      expect(relativeFrobenius(fast, ref)).toBeLessThan(TOLERANCE);
      tf.dispose([fast, ref]);
      mlp.dispose();
    }
  });

  it('a tf.LayersModel with the same weights has the same kernel (standard parameterization)', () => {
    const mlp = createMlp(spec({ activation: 'tanh', depth: 2, parameterization: 'standard' }));
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 12, activation: 'tanh' }),
        tf.layers.dense({ units: 12, activation: 'tanh' }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const w = mlp.getWeights();
    const b = mlp.getBiases();
    model.setWeights(w.flatMap((wl, l) => [tf.tensor2d(wl, [l === 0 ? 3 : 12, l === 2 ? 1 : 12]), tf.tensor1d(b[l])]));
    const fast = ntkStructured(mlp, xTest, xTrain);
    const ref = ntkGenericModel(model, xTest, xTrain);
    expect(relativeFrobenius(ref, fast)).toBeLessThan(TOLERANCE);
    tf.dispose([fast, ref]);
    model.dispose();
    mlp.dispose();
  });

  it('the kernel is symmetric on one input set and matches its test x train block', () => {
    const mlp = createMlp(spec({ activation: 'erf', depth: 3 }));
    const both = tf.concat([xTrain, xTest]);
    const full = ntkStructured(mlp, both);
    const block = ntkStructured(mlp, xTest, xTrain);
    const fullData = full.arraySync();
    const blockData = block.arraySync();
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(fullData[i][j]).toBeCloseTo(fullData[j][i], 5);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) expect(blockData[i][j]).toBeCloseTo(fullData[5 + i][j], 4);
    tf.dispose([both, full, block]);
    mlp.dispose();
  });
});
