/**
 * Every widget's schema, by name. Pure data: the Markdown plugin imports this
 * at build time, the page at start-up. Add a widget here and in `registry.ts`.
 */
import type { WidgetSchema } from './contract';
import { kernelRecursionSchema } from './kernel-recursion/schema';
import { phaseDiagramSchema } from './phase-diagram/schema';
import { gpPosteriorSchema } from './gp-posterior/schema';
import { heroWidgetSchema } from './hero/schema';
import { ntkConvergenceWidgetSchema } from './ntk-convergence/schema';
import { linearizedTrainingWidgetSchema } from './linearized-training/schema';
import { priorSamplesWidgetSchema } from './prior-samples/schema';
import { ensemblePosteriorWidgetSchema } from './ensemble-posterior/schema';
import { kernelDriftWidgetSchema } from './kernel-drift/schema';
import { spectralBiasWidgetSchema } from './spectral-bias/schema';

export const widgetSchemas: Readonly<Record<string, WidgetSchema>> = {
  [kernelRecursionSchema.name]: kernelRecursionSchema,
  [phaseDiagramSchema.name]: phaseDiagramSchema,
  [gpPosteriorSchema.name]: gpPosteriorSchema,
  [heroWidgetSchema.name]: heroWidgetSchema,
  [ntkConvergenceWidgetSchema.name]: ntkConvergenceWidgetSchema,
  [linearizedTrainingWidgetSchema.name]: linearizedTrainingWidgetSchema,
  [priorSamplesWidgetSchema.name]: priorSamplesWidgetSchema,
  [ensemblePosteriorWidgetSchema.name]: ensemblePosteriorWidgetSchema,
  [kernelDriftWidgetSchema.name]: kernelDriftWidgetSchema,
  [spectralBiasWidgetSchema.name]: spectralBiasWidgetSchema,
};

/** Look a schema up by directive name or by custom element tag. */
export function findSchema(nameOrTag: string): WidgetSchema | undefined {
  return widgetSchemas[nameOrTag] ?? Object.values(widgetSchemas).find((s) => s.tag === nameOrTag);
}
