/**
 * Every experiment by name: the worker hosts them, the CLI runs them.
 * Add an experiment here to make it available to both.
 */
import { hero } from './hero';
import { kernelDrift } from './kernel-drift';
import { linearizedTraining } from './linearized-training';
import { ntkConvergence } from './ntk-convergence';
import { priorSamples } from './prior-samples';
import { ntkHeatmaps } from './ntk-heatmaps';
import { trainMlp } from './train-mlp';
import { spectralBias } from './spectral-bias';
import { ensemblePosteriorExperiment } from './ensemble-posterior';
import type { AnyExperiment } from './types';

export const experiments: Readonly<Record<string, AnyExperiment>> = {
  [ntkConvergence.name]: ntkConvergence as unknown as AnyExperiment,
  [ntkHeatmaps.name]: ntkHeatmaps as unknown as AnyExperiment,
  [kernelDrift.name]: kernelDrift as unknown as AnyExperiment,
  [trainMlp.name]: trainMlp as unknown as AnyExperiment,
  [hero.name]: hero as unknown as AnyExperiment,
  [linearizedTraining.name]: linearizedTraining as unknown as AnyExperiment,
  [priorSamples.name]: priorSamples as unknown as AnyExperiment,
  [spectralBias.name]: spectralBias as unknown as AnyExperiment,
  [ensemblePosteriorExperiment.name]: ensemblePosteriorExperiment as unknown as AnyExperiment,
};

export function findExperiment(name: string): AnyExperiment | undefined {
  return Object.prototype.hasOwnProperty.call(experiments, name) ? experiments[name] : undefined;
}
