import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createMlp, drawInitialParameters, layerSizes, type MlpSpec } from '../../src/nn';
import { BACKENDS, testInputs, useBackend } from './backends';

const base: MlpSpec = { inputDim: 3, width: 16, depth: 2, activation: 'tanh', weightVariance: 1.5, biasVariance: 0.2, parameterization: 'ntk', seed: 42 };

const phi: Record<MlpSpec['activation'], (u: number) => number> = {
  relu: (u) => Math.max(u, 0),
  tanh: Math.tanh,
  linear: (u) => u,
  // erf/gelu are not needed for this float64 reference.
  erf: () => NaN,
  gelu: () => NaN,
};

/** float64 forward pass from the drawn parameters, with the READING.md formulas written out. */
function referenceForward(spec: MlpSpec, x: number[][]): number[] {
  const layers = drawInitialParameters(spec);
  const sizes = layerSizes(spec);
  return x.map((row) => {
    let a = row;
    layers.forEach((layer, l) => {
      const nIn = sizes[l];
      const ntk = spec.parameterization === 'ntk';
      const ws = ntk ? Math.sqrt(spec.weightVariance / nIn) : 1;
      const bs = ntk ? Math.sqrt(spec.biasVariance) : 1;
      const h = Array.from({ length: layer.nOut }, (_, j) => {
        let s = 0;
        for (let i = 0; i < nIn; i++) s += a[i] * layer.weights[i * layer.nOut + j];
        return ws * s + bs * layer.bias[j];
      });
      a = l + 1 < layers.length ? h.map(phi[spec.activation]) : h;
    });
    return a[0];
  });
}

describe('seeded initial parameters', () => {
  it('are deterministic, depend on the seed and have the parameterization variances', () => {
    const a = drawInitialParameters({ ...base, width: 256 });
    const b = drawInitialParameters({ ...base, width: 256 });
    const c = drawInitialParameters({ ...base, width: 256, seed: 43 });
    expect(Array.from(a[1].weights.slice(0, 50))).toEqual(Array.from(b[1].weights.slice(0, 50)));
    expect(a[1].weights[0]).not.toBe(c[1].weights[0]);
    const variance = (v: Float32Array) => v.reduce((s, t) => s + t * t, 0) / v.length;
    // NTK parameterization: N(0, 1). 65536 draws: standard error of the variance ~ 0.0055.
    expect(variance(a[1].weights)).toBeCloseTo(1, 1);
    const std = drawInitialParameters({ ...base, width: 256, parameterization: 'standard' });
    // Standard: N(0, sigma_w^2 / n) = 1.5 / 256, and the same normals scaled.
    expect(variance(std[1].weights) * 256 / 1.5).toBeCloseTo(1, 1);
    expect(std[1].weights[5]).toBeCloseTo(a[1].weights[5] * Math.sqrt(1.5 / 256), 6);
    expect(variance(std[1].bias)).toBeGreaterThan(0.2 * 0.5);
    expect(variance(std[1].bias)).toBeLessThan(0.2 * 1.6);
  });
});

describe.each(BACKENDS)('MLP forward pass (%s)', (backend) => {
  it.each(['ntk', 'standard'] as const)('matches a float64 reference (%s parameterization)', async (parameterization) => {
    await useBackend(backend);
    for (const activation of ['relu', 'tanh', 'linear'] as const) {
      for (const depth of [0, 1, 3]) {
        const spec = { ...base, activation, depth, parameterization };
        const mlp = createMlp(spec);
        const x = testInputs(6, 3);
        const out = mlp.forward(x);
        expect(out.shape).toEqual([6]);
        const expected = referenceForward(spec, x.arraySync());
        const got = Array.from(out.dataSync());
        got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
        expect(mlp.numParams).toBe(layerSizes(spec).slice(1).reduce((s, n, l) => s + n * (layerSizes(spec)[l] + 1), 0));
        tf.dispose([x, out]);
        mlp.dispose();
      }
    }
  });

  it('one seed gives the same function in both parameterizations at init', async () => {
    await useBackend(backend);
    const x = testInputs(5, 3);
    const a = createMlp({ ...base, parameterization: 'ntk' });
    const b = createMlp({ ...base, parameterization: 'standard' });
    const fa = a.forward(x).dataSync();
    const fb = b.forward(x).dataSync();
    fa.forEach((v, i) => expect(v).toBeCloseTo(fb[i], 5));
    a.dispose();
    b.dispose();
    x.dispose();
  });

  it('clone copies parameters into new variables; dispose frees them all', async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const mlp = createMlp(base);
    const copy = mlp.clone();
    expect(copy.weights[0]).not.toBe(mlp.weights[0]);
    expect(Array.from(copy.getWeights()[1])).toEqual(Array.from(mlp.getWeights()[1]));
    copy.setParameters(
      copy.getWeights().map((w) => w.map((v) => 2 * v)),
      copy.getBiases(),
    );
    expect(copy.getWeights()[0][3]).toBeCloseTo(2 * mlp.getWeights()[0][3], 6);
    mlp.dispose();
    copy.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the same seed on cpu and wasm', () => {
  it('gives identical weights and outputs to float32 precision', async () => {
    const results: { w: Float32Array; f: Float32Array }[] = [];
    for (const backend of BACKENDS) {
      await useBackend(backend);
      const mlp = createMlp({ ...base, activation: 'erf', width: 64 });
      const x = testInputs(8, 3);
      results.push({ w: mlp.getWeights()[1], f: mlp.forward(x).dataSync() as Float32Array });
      x.dispose();
      mlp.dispose();
    }
    expect(Array.from(results[1].w)).toEqual(Array.from(results[0].w));
    results[0].f.forEach((v, i) => expect(results[1].f[i]).toBeCloseTo(v, 5));
  });
});
