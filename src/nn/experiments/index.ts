/**
 * Experiments as pure async functions: `experiment(params, onProgress)`
 * returns plain data (no DOM, no tensors). The same definitions run in a
 * widget's worker (src/nn/worker) and headless (`npm run figure`).
 */
import type { Progress } from './types';
import { runExperiment, type RunOptions } from './run';
import { kernelDrift, type KernelDriftData, type KernelDriftParams } from './kernel-drift';
import { ntkConvergence, type NtkConvergenceData, type NtkConvergenceParams } from './ntk-convergence';
import { trainMlp, type TrainMlpData, type TrainMlpParams } from './train-mlp';

export type { DataSummary, DataTable, ExperimentDefinition, ExperimentSession, Progress, AnyExperiment } from './types';
export { runExperiment, type RunOptions } from './run';
export { experiments, findExperiment } from './registry';
export { fitPowerLaw, meanAndStd, type PowerLawFit } from './fit';
export { resolveParams, parseStrictParams, describeSchema, ParamError } from './params';
export { ntkConvergence, ntkConvergenceSchema, type NtkConvergenceData, type NtkConvergenceParams } from './ntk-convergence';
export {
  ntkHeatmaps, ntkHeatmapsSchema, genericLimit, GENERIC_JACOBIAN_LIMIT_BYTES, type NtkHeatmapsData, type NtkHeatmapsParams,
} from './ntk-heatmaps';
export { kernelDrift, kernelDriftSchema, type KernelDriftData, type KernelDriftParams, type DriftCurve } from './kernel-drift';
export { trainMlp, trainMlpSchema, type TrainMlpData, type TrainMlpParams } from './train-mlp';
export { priorSamples, priorSamplesSchema, networkSeed, type PriorSamplesData, type PriorSamplesParams, type PriorReadout } from './prior-samples';
export {
  linearizedTraining, linearizedTrainingSchema, recordSteps, rmsGap,
  type LinearizedTrainingData, type LinearizedTrainingParams, type ModelTrace, type Divergence,
} from './linearized-training';

export { spectralBias, spectralBiasSchema, circleGrid, sineAmplitude, spectralTarget, type SpectralBiasData, type SpectralBiasParams, type ModeTraces, type ComponentTrace } from './spectral-bias';

export {
  ensemblePosteriorExperiment, ensemblePosteriorSchema, type EnsemblePosteriorData, type EnsemblePosteriorParams, type TrainedNetwork,
} from './ensemble-posterior';

/** Empirical vs analytic NTK error against width (Yang 2020, Fig. 1). */
export function runNtkConvergence(
  params: Partial<NtkConvergenceParams> = {}, onProgress?: (p: Progress<NtkConvergenceData>) => void, options?: RunOptions,
): Promise<NtkConvergenceData> {
  return runExperiment(ntkConvergence, params, onProgress, options);
}

/** Relative kernel and weight change after training, against width (Lee et al. 2019). */
export function runKernelDrift(
  params: Partial<KernelDriftParams> = {}, onProgress?: (p: Progress<KernelDriftData>) => void, options?: RunOptions,
): Promise<KernelDriftData> {
  return runExperiment(kernelDrift, params, onProgress, options);
}

/** One network trained for `steps` steps beside the infinite-width prediction. */
export function runTrainMlp(
  params: Partial<TrainMlpParams> = {}, onProgress?: (p: Progress<TrainMlpData>) => void, options?: RunOptions,
): Promise<TrainMlpData> {
  return runExperiment(trainMlp, params, onProgress, options);
}
