import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticKernels, embedInputs } from '../../src/core';
import { createMlp, ntkStructured, relativeFrobeniusArrays, type MlpSpec } from '../../src/nn';
import { BACKENDS, useBackend } from './backends';

/**
 * Sanity check of conventions against the float64 core: at width 2048 the
 * empirical NTK of one network is within 15% (relative Frobenius) of the
 * analytic Theta^{L+1}. Measured at seed 1: 0.02-0.10 over these cases
 * (fluctuations ~ n^{-1/2}); the width sweep itself is the experiments' job.
 */
describe.each(BACKENDS)('structured NTK vs analytic NTK at width 2048 (%s)', (backend) => {
  beforeAll(() => useBackend(backend));
  const xs = embedInputs([-3, -2.2, -1.5, -0.7, 0, 0.6, 1.4, 2.5]);

  const cases: Pick<MlpSpec, 'activation' | 'depth' | 'parameterization'>[] = [
    { activation: 'relu', depth: 2, parameterization: 'ntk' },
    { activation: 'erf', depth: 2, parameterization: 'ntk' },
    { activation: 'tanh', depth: 2, parameterization: 'ntk' },
    { activation: 'relu', depth: 2, parameterization: 'standard' },
  ];

  it.each(cases)('$activation depth $depth $parameterization', (c) => {
    const spec: MlpSpec = { inputDim: 2, width: 2048, weightVariance: 2, biasVariance: 0.1, seed: 1, ...c };
    const x = tf.tensor2d(xs);
    const mlp = createMlp(spec);
    const theta = ntkStructured(mlp, x);
    const empirical = theta.dataSync().slice();
    tf.dispose([theta, x]);
    mlp.dispose();
    const analytic = analyticKernels(xs, xs, spec).ntk.flat();
    expect(relativeFrobeniusArrays(empirical, analytic)).toBeLessThan(0.15);
  });
});
