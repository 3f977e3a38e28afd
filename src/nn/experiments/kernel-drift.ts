/**
 * kernel-drift: how far the empirical NTK and the weights move during
 * training, against width. After T steps of full-batch gradient descent on
 * the running example, per width n:
 *   kernel change      ||Theta_T - Theta_0||_F / ||Theta_0||_F,
 *   analytic distance  ||Theta_t - Theta||_F / ||Theta||_F over training,
 *   weight change      ||W_T - W_0||_F / ||W_0||_F per layer,
 * with log-log fits against n, and Theta_0, Theta_T, Theta on a grid of inputs.
 *
 * Lee et al. 2019 ("Wide neural networks of any depth evolve as linear
 * models", Thm 2.1) bound the kernel change by O(n^{-1/2}). The measured rate
 * is steeper: O(1/n) for smooth activations (the NTK's time derivative is
 * O(1/n): Dyer & Gur-Ari 2020; Huang & Yau 2020), about n^{-3/4} for ReLU
 * (units whose pre-activation crosses zero). The weights of the input and
 * read-out layers move by O(n^{-1/2}), a hidden n x n layer by O(1/n).
 *
 * The learning rate is a fraction of the maximum stable rate 2N / lambda_max
 * of the analytic NTK of the training set (core's `maxLearningRate`); in the
 * NTK parameterization that rate does not depend on the width, so all widths
 * train at the same eta. Widths train one after another, smallest first, so
 * a widget can draw each width as soon as it finishes (kernel-drift-session.ts).
 */
import type { DataSummary, ExperimentDefinition } from './types';
import { driftWeights } from './kernel-drift-plan';
import { kernelDriftSchema, type KernelDriftData } from './kernel-drift-schema';
import { createDriftSession } from './kernel-drift-session';

export {
  kernelDriftSchema, driftSpec, driftWidths,
  type KernelDriftParams, type KernelDriftData, type DriftCurve, type WidthSummary, type GridKernels, type DriftProgress, type MeanStd,
} from './kernel-drift-schema';
export { chunkBoundaries, planUnits, stepWork } from './kernel-drift-plan';

const fmt = (v: number | null | undefined, digits = 4): number => (v === null || v === undefined ? NaN : Number(v.toPrecision(digits)));

function summarize(d: KernelDriftData): DataSummary {
  const diverged = d.curves.filter((c) => c.diverged);
  const layers = d.depth + 1;
  const rows = d.perWidth.map((s) => [
    s.width, fmt(s.kernelChange.mean), fmt(s.kernelChange.std), fmt(s.analyticDistanceInitial.mean), fmt(s.analyticDistanceFinal.mean),
    ...s.layerWeightChange.map((l) => fmt(l.mean)), s.finished, Math.round(s.computeMs),
  ]);
  const slope = (label: string, f: KernelDriftData['kernelFit'], extra = '') =>
    (f ? `${label} log-log slope: ${f.slope.toFixed(3)} (r^2 = ${f.r2.toFixed(3)}${extra})` : `${label}: not enough widths for a fit`);
  const notes = [
    `${d.activation}, depth ${d.depth}; learning rate ${d.learningRate} = ${d.learningRateFraction} x max stable rate ${d.maxLearningRate}; ${d.steps} steps`,
    slope('kernel change', d.kernelFit, '; Lee et al. bound -0.5'),
    slope('distance to the analytic NTK at initialization', d.analyticInitialFit),
    slope('weight change (mean over layers)', d.weightFit),
    ...d.layerWeightFits.map((f, l) => slope(`weight change of layer ${l + 1}`, f)),
  ];
  for (const g of d.grid.kernels) {
    notes.push(`grid ${d.grid.xs.length} inputs, width ${g.width} (first network): distance to analytic ${fmt(g.initialDistance)} at t = 0, `
      + `${fmt(g.finalDistance)} at t = T; change ${fmt(g.change)}`);
  }
  if (diverged.length) notes.push(`${diverged.length} run(s) diverged (excluded): ${diverged.map((c) => `n=${c.width} network ${c.seed} at step ${c.diverged?.step}`).join(', ')}`);
  return {
    tables: [{
      title: 'after training (mean over networks); distances and changes relative, kernels on the training inputs',
      table: {
        columns: [
          'width', 'kernel change', 'std', 'dist. analytic t=0', 'dist. analytic t=T',
          ...Array.from({ length: layers }, (_, l) => `weights layer ${l + 1}`), 'networks', 'ms',
        ],
        rows,
      },
    }],
    notes,
  };
}

export const kernelDrift: ExperimentDefinition<typeof kernelDriftSchema, KernelDriftData> = {
  name: 'kernel-drift',
  summary: 'Relative change of the empirical NTK, its distance to the analytic NTK and the relative change of each layer\'s weights during full-batch gradient descent, against width, with log-log slope fits and grid kernels for heatmaps.',
  schema: kernelDriftSchema,
  modelParameters: (p) => driftWeights(Math.max(...p.widths), p.depth),
  createSession: createDriftSession,
  summarize,
};
