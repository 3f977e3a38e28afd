/**
 * spectral-bias: a real network trained by full-batch gradient descent on a
 * target with a low and a high frequency, y = sin x + a sin(k x), watched
 * along the eigenvectors of the tangent kernel on the training inputs
 * (Jacot et al. 2018, sec. 5; Rahaman et al. 2019, "On the spectral bias of
 * neural networks", arXiv 1806.08734).
 *
 * For the linearized model one step maps the residual r = f(X) - y to
 * (I - eta Theta / N) r, so with Theta = sum_i lambda_i v_i v_i^T
 *   <v_i, r_t> = (1 - eta lambda_i / N)^t <v_i, r_0>.
 * The session measures <v_i, r_t> of the real network after every step and
 * compares it with that prediction, with two choices of Theta:
 *  - 'analytic': the infinite-width NTK (what the figure shows: the theory);
 *  - 'empirical': this network's own Theta_0 at initialization.
 * maxDeviation[i] = max over every step so far of |r_i(t) - pred_i(t)| / |r_i(0)|.
 * spaceDeviation[i] = the same in the eigenspace of lambda_i: ||P(r_t - pred_t)|| / ||P r_0||.
 * The analytic kernel's pairs (cos kx, sin kx) are exactly degenerate, so its single
 * eigenvectors inside a pair are an arbitrary rotation chosen by the eigensolver and only
 * spaceDeviation is meaningful for them; Theta_0 splits the pairs, so there the two agree.
 *
 * Training inputs: N points evenly spaced on the circle, x_a = -pi + 2 pi (a + 1/2) / N,
 * embedded as (cos x, sin x). There the kernel is circulant: its eigenvectors are sampled
 * Fourier modes, and sin x and sin kx (k < N/2) lie in single eigenspaces. The learned
 * amplitude of frequency k is (2/N) sum_a f(x_a) sin(k x_a); the prediction for it is
 * a_target + (a_0 - a_target) (1 - eta lambda(k) / N)^t, lambda(k) the eigenvalue of that mode.
 *
 * eta = fraction x eta_max, eta_max = 2N / lambda_max of the analytic NTK.
 * One unit of work = one gradient step. Records at about `records` log-spaced steps.
 */
import * as tf from '@tensorflow/tfjs';
import {
  analyticKernels, dominantFrequency, embedInputs, kernelSpectrum, maxLearningRate, modeFactor,
  nystromEigenfunctions, projectOnModes, eigenspaceGap, eigenspaceGroups, type KernelSpectrum, type Matrix,
} from '../../core';
import { createMlp, createTrainer, ntkStructured, type StepReport } from '../index';
import { grid, matrixTensor, networkSpecOf, runningExampleMlpSpec, toRows } from './data';
import { round } from './fit';
import { recordSteps } from './linearized-training';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';
import {
  circleGrid, PREDICTION_CAP, sineAmplitude, spectralBiasSchema, spectralTarget,
  type ComponentTrace, type ModeTraces, type SpectralBiasData, type SpectralBiasParams, type Theory,
} from './spectral-bias-schema';

export * from './spectral-bias-schema';

const roundAll = (v: ArrayLike<number>): number[] => Array.from(v, (x) => round(x));

const capped = (v: number): number => (Number.isNaN(v) ? PREDICTION_CAP : Math.max(-PREDICTION_CAP, Math.min(PREDICTION_CAP, v)));

function modeTraces(spectrum: KernelSpectrum, xs: number[], modes: number, records: number, groups: number[][]): ModeTraces {
  const top = spectrum.vectors.slice(0, modes);
  const groupOf = (m: number) => groups.find((g) => g.includes(m))!;
  return {
    eigenvalues: spectrum.values.slice(0, modes).map((v) => round(v)),
    frequencies: top.map((v) => dominantFrequency(xs, v)),
    measured: top.map(() => Array<number | null>(records).fill(null)),
    predicted: top.map(() => Array<number>(records).fill(0)),
    maxDeviation: top.map(() => 0),
    spaceDeviation: top.map(() => 0),
    multiplicity: top.map((_, m) => groupOf(m).length),
  };
}

function rayleigh(theta: Matrix, u: number[]): number {
  const norm2 = u.reduce((s, x) => s + x * x, 0);
  let s = 0;
  for (let a = 0; a < u.length; a++) for (let b = 0; b < u.length; b++) s += u[a] * theta[a][b] * u[b];
  return s / norm2;
}

async function createSession(p: SpectralBiasParams): Promise<ExperimentSession<SpectralBiasParams, SpectralBiasData>> {
  const spec = runningExampleMlpSpec(p);
  const n = p.points;
  const frequency = Math.min(p.frequency, Math.floor((n - 1) / 2));
  const xs = circleGrid(n);
  const inputs = embedInputs(xs, 'circle');
  const ys = xs.map((x) => spectralTarget(x, frequency, p.amplitude));
  const gridXs = grid(p.gridPoints);
  const gridInputs = embedInputs(gridXs, 'circle');
  const target = gridXs.map((x) => spectralTarget(x, frequency, p.amplitude));
  const coreSpec = networkSpecOf(spec);
  const analyticTheta = analyticKernels(inputs, inputs, coreSpec).ntk;
  const analyticTestTrain = analyticKernels(gridInputs, inputs, coreSpec).ntk;
  const etaMax = maxLearningRate(analyticTheta);
  const eta = p.learningRate * etaMax;
  const steps = Math.round(p.steps);
  const plan = recordSteps(steps, p.records);
  const modes = Math.min(p.modes, n);

  const x = matrixTensor(inputs);
  const y = tf.tensor1d(ys, 'float32');
  const xGrid = matrixTensor(gridInputs);
  const mlp = createMlp(spec);
  const currentKernel = (): Matrix => {
    const t = ntkStructured(mlp, x);
    const rows = toRows(t.dataSync(), n, n, 17);
    t.dispose();
    return rows;
  };
  const empiricalTheta = currentKernel();
  const trainer = createTrainer(mlp, { x, y, learningRate: eta });

  const spectra: Record<Theory, KernelSpectrum> = { analytic: kernelSpectrum(analyticTheta), empirical: kernelSpectrum(empiricalTheta) };
  const groups: Record<Theory, number[][]> = {
    analytic: eigenspaceGroups(spectra.analytic.values), empirical: eigenspaceGroups(spectra.empirical.values),
  };
  /** For each tracked mode, the indices of its whole eigenspace (may reach past the tracked ones). */
  const spaceOf: Record<Theory, number[][]> = {
    analytic: Array.from({ length: modes }, (_, m) => groups.analytic.find((g) => g.includes(m))!),
    empirical: Array.from({ length: modes }, (_, m) => groups.empirical.find((g) => g.includes(m))!),
  };
  const traces: Record<Theory, ModeTraces> = {
    analytic: modeTraces(spectra.analytic, xs, modes, plan.length, groups.analytic),
    empirical: modeTraces(spectra.empirical, xs, modes, plan.length, groups.empirical),
  };
  const eigenfunctions = nystromEigenfunctions(spectra.analytic, analyticTestTrain, modes).map(roundAll);
  const eigenvectors = spectra.analytic.vectors.slice(0, modes).map(roundAll);

  const component = (k: number, amplitude: number): ComponentTrace => {
    const sine = xs.map((v) => Math.sin(k * v));
    return {
      frequency: k, target: amplitude,
      eigenvalue: round(rayleigh(analyticTheta, sine)), eigenvalueEmpirical: round(rayleigh(empiricalTheta, sine)),
      measured: Array<number | null>(plan.length).fill(null),
      predicted: Array<number>(plan.length).fill(0), predictedEmpirical: Array<number>(plan.length).fill(0),
      eigenvalueOverTraining: Array<number | null>(plan.length).fill(null),
    };
  };
  const low = component(1, 1);
  const high = component(frequency, p.amplitude);
  const trainLoss: (number | null)[] = Array(plan.length).fill(null);

  let f = trainer.predict(x);
  const residualOf = (out: ArrayLike<number>) => ys.map((v, a) => out[a] - v);
  /** <v_i, r_0> for every eigenvector (eigenspaces of tracked modes may reach past them). */
  const initial: Record<Theory, number[]> = {
    analytic: projectOnModes(spectra.analytic, residualOf(f)),
    empirical: projectOnModes(spectra.empirical, residualOf(f)),
  };
  const initialAmplitude = { low: sineAmplitude(xs, f, 1), high: sineAmplitude(xs, f, frequency) };
  for (const c of [low, high]) {
    const a0 = c === low ? initialAmplitude.low : initialAmplitude.high;
    plan.forEach((t, i) => {
      c.predicted[i] = round(capped(c.target + (a0 - c.target) * modeFactor(c.eigenvalue, eta, n, t)));
      c.predictedEmpirical[i] = round(capped(c.target + (a0 - c.target) * modeFactor(c.eigenvalueEmpirical, eta, n, t)));
    });
  }
  for (const theory of ['analytic', 'empirical'] as const) {
    const tr = traces[theory];
    plan.forEach((t, i) => tr.predicted.forEach((row, m) => { row[i] = round(capped(modeFactor(spectra[theory].values[m], eta, n, t) * initial[theory][m])); }));
  }

  let step = 0;
  let next = 0;
  let report: StepReport = trainer.step(0);
  let diverged: { step: number; reason: string } | null = report.diverged ?? null;
  let fit: number[] = roundAll(trainer.predict(xGrid));

  /** Update the running deviations at the current step; record if it is a recorded step. */
  const measure = (): void => {
    const r = residualOf(f);
    for (const theory of ['analytic', 'empirical'] as const) {
      const tr = traces[theory];
      const proj = projectOnModes(spectra[theory], r);
      const predAt = (i: number) => modeFactor(spectra[theory].values[i], eta, n, step) * initial[theory][i];
      const pred = new Map<number, number>();
      for (let m = 0; m < modes; m++) for (const i of spaceOf[theory][m]) if (!pred.has(i)) pred.set(i, predAt(i));
      const predicted = (i: number) => pred.get(i)!;
      for (let m = 0; m < modes; m++) {
        const scale = Math.abs(initial[theory][m]);
        if (scale > 0) tr.maxDeviation[m] = Math.max(tr.maxDeviation[m], capped(Math.abs(proj[m] - predicted(m)) / scale));
        const space = spaceOf[theory][m];
        const gap = eigenspaceGap(space.map((_, j) => j), space.map((i) => proj[i]), space.map(predicted), space.map((i) => initial[theory][i]));
        tr.spaceDeviation[m] = Math.max(tr.spaceDeviation[m], capped(gap));
        if (step === plan[next]) tr.measured[m][next] = round(proj[m]);
      }
    }
    if (step !== plan[next]) return;
    low.measured[next] = round(sineAmplitude(xs, f, 1));
    high.measured[next] = round(sineAmplitude(xs, f, frequency));
    const theta = step === 0 ? empiricalTheta : currentKernel();
    for (const c of [low, high]) c.eigenvalueOverTraining[next] = round(rayleigh(theta, xs.map((v) => Math.sin(c.frequency * v))));
    trainLoss[next] = round(report.trainLoss);
    fit = roundAll(trainer.predict(xGrid));
    next += 1;
  };
  measure();

  return {
    get totalUnits() { return steps; },
    get unitsDone() { return step; },
    async step(units: number) {
      const k = Math.min(units, steps - step);
      for (let i = 0; i < k; i++) {
        if (diverged) {
          // Nothing left to train: jump to the end; later records stay null.
          step = steps;
          while (next < plan.length && plan[next] <= step) next++;
          return;
        }
        report = trainer.step(1);
        if (report.diverged) { diverged = { ...report.diverged }; continue; }
        step += 1;
        f = trainer.predict(x);
        measure();
      }
    },
    snapshot(): SpectralBiasData {
      const copyTraces = (t: ModeTraces): ModeTraces => ({
        ...t, measured: t.measured.map((row) => row.slice()), maxDeviation: t.maxDeviation.map((v) => round(v, 4)),
        spaceDeviation: t.spaceDeviation.map((v) => round(v, 4)),
      });
      const copyComponent = (c: ComponentTrace): ComponentTrace => ({
        ...c, measured: c.measured.slice(), eigenvalueOverTraining: c.eigenvalueOverTraining.slice(),
      });
      return {
        width: spec.width, depth: spec.depth, seed: spec.seed, restart: p.restart,
        step, totalSteps: steps, recordSteps: plan, recorded: next,
        learningRate: round(eta), learningRateFraction: p.learningRate, etaMax: round(etaMax),
        frequency, amplitude: p.amplitude, trainXs: roundAll(xs), trainYs: roundAll(ys),
        spectrum: { analytic: roundAll(spectra.analytic.values), empirical: roundAll(spectra.empirical.values) },
        modes: { analytic: copyTraces(traces.analytic), empirical: copyTraces(traces.empirical) },
        grid: roundAll(gridXs), eigenfunctions, eigenvectors,
        low: copyComponent(low), high: copyComponent(high), fit, target: roundAll(target),
        trainLoss: trainLoss.slice(), diverged,
      };
    },
    dispose() {
      trainer.dispose(); mlp.dispose(); x.dispose(); y.dispose(); xGrid.dispose();
    },
  };
}

function summarize(d: SpectralBiasData): DataSummary {
  const a = d.modes.analytic;
  const rows = d.recordSteps.map((s, i) => [
    s, ...a.measured.flatMap((row, m) => [row[i] ?? 'n/a', a.predicted[m][i]]),
    d.low.measured[i] ?? 'n/a', d.high.measured[i] ?? 'n/a',
  ]);
  const columns = ['step', ...a.measured.flatMap((_, m) => [`r${m + 1}`, `pred${m + 1}`]), 'amp sin x', `amp sin ${d.frequency}x`];
  const dev = (t: ModeTraces) => t.maxDeviation.map((v, m) => `mode ${m + 1} (k=${t.frequencies[m]}): ${v}`).join(', ');
  const space = (t: ModeTraces) => t.spaceDeviation.map((v, m) => `mode ${m + 1} (k=${t.frequencies[m]}, dim ${t.multiplicity[m]}): ${v}`).join(', ');
  return {
    tables: [{ title: 'residual along the top modes of the analytic NTK (measured, predicted) and learned amplitudes', table: { columns, rows } }],
    notes: [
      `eta = ${d.learningRate} = ${d.learningRateFraction} x eta_max (analytic eta_max = ${d.etaMax})`,
      `top eigenvalues (analytic): ${a.eigenvalues.join(', ')}; frequencies ${a.frequencies.join(', ')}`,
      `eigenvalue of sin x: ${d.low.eigenvalue} (Theta_0: ${d.low.eigenvalueEmpirical}); of sin ${d.frequency}x: ${d.high.eigenvalue} (Theta_0: ${d.high.eigenvalueEmpirical})`,
      `max_t |r_i - pred_i| / |r_i(0)|, analytic NTK: ${dev(a)}`,
      `max_t |r_i - pred_i| / |r_i(0)|, empirical Theta_0: ${dev(d.modes.empirical)}`,
      `same inside each eigenspace, max_t ||P(r - pred)|| / ||P r(0)|| (rotation-invariant), analytic NTK: ${space(a)}`,
      `same inside each eigenspace, empirical Theta_0: ${space(d.modes.empirical)}`,
      ...(d.diverged ? [`diverged at step ${d.diverged.step}: ${d.diverged.reason}`] : []),
    ],
  };
}

export const spectralBias: ExperimentDefinition<typeof spectralBiasSchema, SpectralBiasData> = {
  name: 'spectral-bias',
  summary: 'A network trained on sin x + a sin kx, its residual along the NTK eigenvectors against (1 - eta lambda_i / N)^t, and which frequency it learns first.',
  schema: spectralBiasSchema,
  modelParameters: (p) => 3 * p.width + (p.depth - 1) * (p.width * p.width + p.width) + p.width + 1,
  createSession,
  summarize,
};
