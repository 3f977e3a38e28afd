import { randomLcg, randomNormal } from 'd3-random';
import { initStd, layerSizes, type MlpSpec } from './spec';

/** Initial parameters of one affine layer, as float32 arrays (weights row-major [nIn, nOut]). */
export interface LayerInit {
  nIn: number;
  nOut: number;
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Draw the initial parameters in JavaScript from a seeded float64 generator
 * (d3-random's LCG and its normal sampler), so that a seed gives the same
 * network on every tfjs backend, in Node and in the browser. (tf.randomNormal
 * with a seed differs between backends.)
 *
 * The stream draws standard normals z layer by layer (weights row-major, then
 * biases) and scales them by the parameterization's init std, so the NTK and
 * standard parameterizations of one seed compute the same function at init.
 */
export function drawInitialParameters(spec: MlpSpec): LayerInit[] {
  const sizes = layerSizes(spec);
  const normal = randomNormal.source(randomLcg(integerSeed(spec.seed)))(0, 1);
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

/** Integer LCG state for a seed (d3's randomLcg reads values in [0, 1) as fractions, so pass integers). */
export function integerSeed(seed: number): number {
  return Math.abs(Math.floor(seed)) % 2147483648;
}
