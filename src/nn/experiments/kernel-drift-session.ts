/**
 * kernel-drift session: trains the networks of kernel-drift-plan.ts one
 * after another by full-batch gradient descent on
 *   L = (1 / 2N) sum_i (f(x_i) - y_i)^2,   theta <- theta - eta dL/dtheta,
 * with the hand-written backward pass (lossGradients) and nothing else per
 * step: kernels, weight norms and the loss are measured only at the plan's
 * boundaries. A loss that is not finite or exceeds DIVERGENCE_FACTOR x the
 * initial loss stops a network before its update (its parameters stay
 * finite); it is reported and left out of the per-width means.
 */
import * as tf from '@tensorflow/tfjs';
import { embedInputs, maxLearningRate, type Matrix } from '../../core';
import {
  createMlp, createWeightTracker, halfMse, lossGradients, ntkStructured, relativeFrobeniusArrays,
  type Mlp, type WeightTracker,
} from '../index';
import { analyticOracle, matrixTensor, relativeFrobeniusError, runningExampleSet, toRows } from './data';
import { round } from './fit';
import { driftSpec, driftWidths, type DriftCurve, type GridKernels, type KernelDriftData, type KernelDriftParams } from './kernel-drift-schema';
import { planUnits, type DriftUnit } from './kernel-drift-plan';
import { driftFits, summarizeWidths } from './kernel-drift-summary';
import { kernelGrid } from './ntk-convergence';
import type { ExperimentSession } from './types';

/** A network stops when its loss exceeds this multiple of its initial loss (as createTrainer does). */
export const DIVERGENCE_FACTOR = 1e6;

/** The network being trained and what it is compared against. */
interface Run {
  width: number;
  seed: number;
  mlp: Mlp;
  weights: WeightTracker;
  /** Theta_0 on the training inputs, row-major. */
  kernel0: Float32Array;
  steps: number;
  threshold: number;
  curve: DriftCurve;
}

export async function createDriftSession(p: KernelDriftParams): Promise<ExperimentSession<KernelDriftParams, KernelDriftData>> {
  const widths = driftWidths(p.widths);
  const layers = p.depth + 1;
  const set = runningExampleSet(p.points, p.seed, p.embedding as 'circle' | 'affine');
  const spec0 = driftSpec(p, widths[0], 0);
  const analytic = analyticOracle(spec0, set.inputs).ntk;
  const etaMax = maxLearningRate(analytic);
  const eta = p.learningRateFraction * etaMax;
  const gridXs = kernelGrid(p.gridPoints);
  const gridInputs = embedInputs(gridXs, p.embedding as 'circle' | 'affine');
  const gridAnalytic: Matrix = p.gridPoints > 0 ? analyticOracle(spec0, gridInputs).ntk : [];
  const x = matrixTensor(set.inputs);
  const y = tf.tensor1d(set.targets, 'float32');
  const xGrid = p.gridPoints > 0 ? matrixTensor(gridInputs) : null;
  const units = planUnits(widths, p.depth, p.seeds, p.steps, p.samples);
  const workTotal = units.reduce((s, u) => s + u.work, 0);

  const curves: DriftCurve[] = [];
  const grid = new Map<number, GridKernels & { initialValues: Float32Array | null }>();
  const computeMs = new Map<number, number>();
  let unitsDone = 0;
  let workDone = 0;
  let totalMs = 0;
  let run: Run | null = null;

  function freeRun(): void {
    if (!run) return;
    run.weights.dispose();
    run.mlp.dispose();
    run = null;
  }

  function gridKernel(mlp: Mlp): Float32Array {
    const k = ntkStructured(mlp, xGrid!);
    const values = (k.dataSync() as Float32Array).slice();
    k.dispose();
    return values;
  }

  /** Record the kernel, the weights and the loss of the run at its current step. */
  function measure(r: Run): void {
    const theta = ntkStructured(r.mlp, x);
    const values = theta.dataSync() as Float32Array;
    const out = r.mlp.forward(x);
    const f = out.dataSync();
    const c = r.curve;
    c.step.push(r.steps);
    c.kernelChange.push(round(r.steps === 0 ? 0 : relativeFrobeniusArrays(values, r.kernel0)));
    c.analyticDistance.push(round(relativeFrobeniusError(values, analytic)));
    c.trainLoss.push(round(halfMse(f, set.targets)));
    theta.dispose();
    out.dispose();
    const w = r.weights.relativeChange();
    w.forEach((v, l) => c.layerWeightChange[l].push(round(v)));
    c.weightChange.push(round(w.reduce((a, b) => a + b, 0) / w.length));
  }

  function start(width: number, seed: number): void {
    freeRun();
    const mlp = createMlp(driftSpec(p, width, seed));
    const theta = ntkStructured(mlp, x);
    const kernel0 = (theta.dataSync() as Float32Array).slice();
    theta.dispose();
    const out = mlp.forward(x);
    const loss0 = halfMse(out.dataSync(), set.targets);
    out.dispose();
    const curve: DriftCurve = {
      width, seed, step: [], kernelChange: [], analyticDistance: [], weightChange: [],
      layerWeightChange: Array.from({ length: layers }, () => []), trainLoss: [], diverged: null,
    };
    curves.push(curve);
    run = { width, seed, mlp, weights: createWeightTracker(mlp), kernel0, steps: 0, threshold: DIVERGENCE_FACTOR * Math.max(loss0, 1e-6), curve };
    measure(run);
    if (seed === 0 && xGrid) {
      const initial = gridKernel(mlp);
      grid.set(width, {
        width, initialValues: initial, initial: toRows(initial, p.gridPoints, p.gridPoints, 5), final: null,
        initialDistance: round(relativeFrobeniusError(initial, gridAnalytic)), finalDistance: null, change: null,
      });
    }
  }

  /** One gradient-descent step; false (and the run marked diverged) when the loss blew up. */
  function gdStep(r: Run): boolean {
    const vars = [...r.mlp.weights, ...r.mlp.biases];
    const { loss, grads } = tf.tidy(() => {
      const g = lossGradients(r.mlp, x, y);
      return { loss: g.loss, grads: [...g.weights, ...g.biases] as tf.Tensor[] };
    });
    const value = loss.dataSync()[0];
    loss.dispose();
    if (!Number.isFinite(value) || value > r.threshold) {
      tf.dispose(grads);
      r.curve.diverged = {
        step: r.steps,
        reason: Number.isFinite(value) ? `loss ${value.toExponential(3)} exceeds ${DIVERGENCE_FACTOR} x the initial loss` : `loss is ${value}`,
      };
      return false;
    }
    tf.tidy(() => { vars.forEach((v, k) => v.assign(tf.sub(v, tf.mul(grads[k], eta)))); });
    tf.dispose(grads);
    r.steps += 1;
    return true;
  }

  function train(unit: Extract<DriftUnit, { kind: 'train' }>): void {
    const r = run;
    if (!r || r.width !== unit.width || r.seed !== unit.seed || r.curve.diverged) return;
    for (let k = 0; k < unit.steps; k++) if (!gdStep(r)) return;
    if (unit.measureAt === null) return;
    measure(r);
    const g = grid.get(r.width);
    if (r.seed === 0 && g && g.initialValues && unit.measureAt === p.steps) {
      const final = gridKernel(r.mlp);
      g.final = toRows(final, p.gridPoints, p.gridPoints, 5);
      g.finalDistance = round(relativeFrobeniusError(final, gridAnalytic));
      g.change = round(relativeFrobeniusArrays(final, g.initialValues));
    }
  }

  function progress(): KernelDriftData['progress'] {
    const next = units[unitsDone];
    const widthsDone = next ? widths.indexOf(next.width) : widths.length;
    const current = next && run && run.width === next.width && run.seed === next.seed
      ? { width: run.width, seed: run.seed, step: run.steps }
      : next ? { width: next.width, seed: next.seed, step: 0 } : null;
    return { widthsDone, current, workDone: Math.round(workDone), workTotal: Math.round(workTotal), computeMs: Math.round(totalMs) };
  }

  return {
    get totalUnits() { return units.length; },
    get unitsDone() { return unitsDone; },
    async step(count: number) {
      for (let k = 0; k < count && unitsDone < units.length; k++) {
        const unit = units[unitsDone];
        const t0 = performance.now();
        if (unit.kind === 'start') start(unit.width, unit.seed);
        else train(unit);
        const ms = performance.now() - t0;
        totalMs += ms;
        computeMs.set(unit.width, (computeMs.get(unit.width) ?? 0) + ms);
        workDone += unit.work;
        unitsDone++;
        if (unitsDone === units.length) freeRun();
        // Yield so a worker can receive pause / dispose between units.
        await Promise.resolve();
      }
    },
    snapshot(): KernelDriftData {
      const perWidth = summarizeWidths(widths, curves, p.steps, layers, computeMs);
      return {
        widths, depth: p.depth, activation: p.activation, learningRate: round(eta), maxLearningRate: round(etaMax),
        learningRateFraction: p.learningRateFraction, steps: p.steps, seeds: p.seeds,
        curves: curves.map((c) => ({
          ...c, step: [...c.step], kernelChange: [...c.kernelChange], analyticDistance: [...c.analyticDistance],
          weightChange: [...c.weightChange], layerWeightChange: c.layerWeightChange.map((l) => [...l]), trainLoss: [...c.trainLoss],
          diverged: c.diverged ? { ...c.diverged } : null,
        })),
        perWidth,
        kernelChange: perWidth.map((s) => s.kernelChange),
        weightChange: perWidth.map((s) => s.weightChange),
        ...driftFits(perWidth, layers),
        grid: {
          xs: gridXs.map((v) => round(v)),
          analytic: gridAnalytic.map((row) => row.map((v) => round(v, 5))),
          kernels: widths.filter((w) => grid.has(w)).map((w) => {
            const { initialValues: _unused, ...g } = grid.get(w)!;
            return { ...g };
          }),
        },
        progress: progress(),
      };
    },
    dispose() {
      freeRun();
      x.dispose();
      y.dispose();
      xGrid?.dispose();
    },
  };
}
