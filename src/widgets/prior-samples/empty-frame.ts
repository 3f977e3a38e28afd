/**
 * What the figure shows before the worker's first snapshot: the axes, the
 * infinite-width band and Gaussian (computed here from core's analytic
 * kernels, a few microseconds) and an empty histogram. Drawing the frame at
 * mount keeps the figure's size stable when the networks start to arrive.
 */
import type { PriorSamplesData } from '../../nn/experiments/prior-samples';
import {
  firstLayerVariance, noiseFloors, nngpDiagonal, priorGrid, priorSignature, theoryExcessKurtosis,
  HISTOGRAM_BINS, HISTOGRAM_RANGE_SIGMAS, PRIOR_GRID_POINTS, PRIOR_READOUT_SAMPLES, type PriorActivation,
} from '../../nn/experiments/prior-samples-stats';
import type { PriorSamplesWidgetParams } from './schema';

export function emptyFrameData(p: PriorSamplesWidgetParams): PriorSamplesData {
  const spec = {
    width: p.width, depth: p.depth, activation: p.activation as PriorActivation,
    weightVariance: p.weightVariance, biasVariance: p.biasVariance,
  };
  const grid = priorGrid();
  const nngpVariance = nngpDiagonal(grid, spec);
  const nngpAtX0 = nngpDiagonal([p.x0], spec)[0];
  const r = HISTOGRAM_RANGE_SIGMAS * Math.sqrt(nngpAtX0);
  const floors = noiseFloors(PRIOR_READOUT_SAMPLES);
  return {
    signature: `${priorSignature({ ...spec, count: p.count, seed: p.seed })}|empty-frame|${PRIOR_GRID_POINTS}`,
    width: p.width, depth: p.depth, count: p.count, networksDone: 0,
    grid, curves: [], nngpVariance, x0: p.x0, nngpAtX0, atX0: [],
    readout: {
      samples: 0, target: PRIOR_READOUT_SAMPLES,
      histogram: { lo: -r, hi: r, counts: new Array<number>(HISTOGRAM_BINS).fill(0), below: 0, above: 0, total: 0 },
      variance: NaN, excessKurtosis: NaN, ks: NaN,
      theoryKurtosis: theoryExcessKurtosis(spec, firstLayerVariance(spec, 1, 2)),
      kurtosisNoise: floors.kurtosis, ksFloor: floors.ks, ks95: floors.ks95,
    },
  };
}
