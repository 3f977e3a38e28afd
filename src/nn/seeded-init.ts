import { createRng } from '../core';
import { initStd, layerSizes, type MlpSpec } from './spec';

/** Initial parameters of one affine layer, as float32 arrays (weights row-major [nIn, nOut]). */
export interface LayerInit {
  nIn: number;
  nOut: number;
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Draw the initial parameters in JavaScript from the core's seeded float64
 * generator (createRng: d3-random's LCG behind a seed hash), so that a seed gives the same
 * network on every tfjs backend, in Node and in the browser. (tf.randomNormal
 * with a seed differs between backends.)
 *
 * The stream draws standard normals z layer by layer (weights row-major, then
 * biases) and scales them by the parameterization's init std, so the NTK and
 * standard parameterizations of one seed compute the same function at init.
 */
export function drawInitialParameters(spec: MlpSpec): LayerInit[] {
  const sizes = layerSizes(spec);
  const rng = createRng(spec.seed);
  const normal = () => rng.normal();
  const layers: LayerInit[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const { weightStd, biasStd } = initStd(spec, nIn);
    const weights = new Float32Array(nIn * nOut);
    for (let i = 0; i < weights.length; i++) weights[i] = weightStd * normal();
    const bias = new Float32Array(nOut);
    for (let i = 0; i < nOut; i++) bias[i] = biasStd * normal();
    layers.push({ nIn, nOut, weights, bias });
  }
  return layers;
}
