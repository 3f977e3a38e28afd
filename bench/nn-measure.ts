/**
 * Timing of the network engine, shared by the Node bench (vitest bench and
 * the tsx table script) and the Chromium bench page: the same code measures
 * every backend.
 *
 * - Empirical NTK on N inputs: structured derivatives (ntkStructured) against
 *   Jacobian contraction (ntkGeneric), depth-2 ReLU MLP, NTK parameterization.
 *   The generic kernel holds the N x P Jacobian; it is skipped (reported as
 *   such) when N P exceeds `genericFloatBudget` floats or the width exceeds
 *   the backend's cap, so a shared machine is not pushed into swapping.
 * - Full-batch gradient-descent steps per second (createTrainer) on the
 *   running example's N = 16 points.
 *
 * Times are medians of `repeats` runs after one warm-up, read back with
 * dataSync (so the work is done, not only queued). Machine load makes
 * absolute times noisy; ratios are the stable numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { createMlp, createTrainer, ntkGeneric, ntkStructured, type MlpSpec } from '../src/nn/index';

export interface NtkTiming {
  backend: string;
  width: number;
  n: number;
  parameters: number;
  structuredMs: number;
  /** null when skipped (memory / time budget). */
  genericMs: number | null;
  /** genericMs / structuredMs. */
  speedup: number | null;
  /** max |structured - generic| / max |generic| (float32 agreement check). */
  maxRelativeDiff: number | null;
}

export interface TrainTiming {
  backend: string;
  width: number;
  n: number;
  msPerStep: number;
  stepsPerSecond: number;
}

export interface NtkBenchConfig {
  widths: number[];
  ns: number[];
  depth: number;
  repeats: number;
  /** Largest N P (floats) for the generic kernel; default 80M (about 320 MB of Jacobian). */
  genericFloatBudget?: number;
  /** Largest width for the generic kernel on this backend. */
  genericMaxWidth?: number;
}

export const BENCH_DEPTH = 2;

export function benchSpec(width: number, depth = BENCH_DEPTH, seed = 1): MlpSpec {
  return { inputDim: 2, width, depth, activation: 'relu', weightVariance: 2, biasVariance: 0.1, parameterization: 'ntk', seed };
}

/** Trainable parameters of a depth-L MLP with 2 inputs and a scalar read-out. */
export function parameterCount(width: number, depth = BENCH_DEPTH): number {
  return (2 * width + width) + (depth - 1) * (width * width + width) + (width + 1);
}

/** Inputs on the unit circle, deterministic (no tfjs randomness: identical on every backend). */
export function circleInputs(n: number): tf.Tensor2D {
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = -Math.PI + (2 * Math.PI * (i + 0.5)) / n;
    values.push(Math.cos(t), Math.sin(t));
  }
  return tf.tensor2d(values, [n, 2]);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time of `run` (which must force its result) over `repeats` runs after one warm-up. */
export async function timeIt(run: () => void, repeats: number): Promise<number> {
  run();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
    // Let a browser page breathe between runs.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return median(times);
}

function forceAndDispose(t: tf.Tensor): Float32Array {
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

/** Compile kernels / shaders and grow the wasm heap once, so the first timed size is not penalized. */
async function warmUp(): Promise<void> {
  const mlp = createMlp(benchSpec(64));
  const x = circleInputs(8);
  forceAndDispose(ntkStructured(mlp, x));
  forceAndDispose(ntkGeneric((z) => mlp.forward(z), [...mlp.weights, ...mlp.biases], x));
  x.dispose();
  mlp.dispose();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Structured vs generic NTK timings on the current backend. */
export async function measureNtk(config: NtkBenchConfig, onRow?: (row: NtkTiming) => void): Promise<NtkTiming[]> {
  const rows: NtkTiming[] = [];
  const budget = config.genericFloatBudget ?? 80_000_000;
  await warmUp();
  for (const n of config.ns) {
    for (const width of config.widths) {
      const mlp = createMlp(benchSpec(width, config.depth));
      const x = circleInputs(n);
      const vars = [...mlp.weights, ...mlp.biases];
      const parameters = mlp.numParams;
      try {
        let structured: Float32Array | null = null;
        const structuredMs = await timeIt(() => { structured = forceAndDispose(ntkStructured(mlp, x)); }, config.repeats);
        let genericMs: number | null = null;
        let maxRelativeDiff: number | null = null;
        const genericAllowed = n * parameters <= budget && width <= (config.genericMaxWidth ?? Infinity);
        if (genericAllowed) {
          let generic: Float32Array | null = null;
          // Generic is slow: one timed run after the warm-up is enough above a second.
          const once = () => { generic = forceAndDispose(ntkGeneric((z) => mlp.forward(z), vars, x)); };
          const t0 = performance.now();
          once();
          const first = performance.now() - t0;
          genericMs = first > 1000 ? first : await timeIt(once, Math.max(1, Math.min(config.repeats, 3)));
          const g = generic as unknown as Float32Array;
          const s = structured as unknown as Float32Array;
          let diff = 0, scale = 0;
          for (let i = 0; i < g.length; i++) { diff = Math.max(diff, Math.abs(g[i] - s[i])); scale = Math.max(scale, Math.abs(g[i])); }
          maxRelativeDiff = diff / scale;
        }
        const row: NtkTiming = {
          backend: tf.getBackend(), width, n, parameters, structuredMs, genericMs,
          speedup: genericMs === null ? null : genericMs / structuredMs, maxRelativeDiff,
        };
        rows.push(row);
        onRow?.(row);
      } finally {
        x.dispose();
        mlp.dispose();
      }
    }
  }
  return rows;
}

/** Gradient-descent steps per second (full batch, N points) on the current backend. */
export async function measureTraining(
  widths: number[], options: { n?: number; depth?: number; steps?: number; repeats?: number } = {},
  onRow?: (row: TrainTiming) => void,
): Promise<TrainTiming[]> {
  const n = options.n ?? 16;
  const steps = options.steps ?? 20;
  const rows: TrainTiming[] = [];
  for (const width of widths) {
    const mlp = createMlp(benchSpec(width, options.depth ?? BENCH_DEPTH));
    const x = circleInputs(n);
    const y = tf.tidy(() => tf.sin(tf.linspace(-3, 3, n))) as tf.Tensor1D;
    const trainer = createTrainer(mlp, { x, y, learningRate: 0.05 });
    try {
      const ms = await timeIt(() => { trainer.step(steps); }, options.repeats ?? 3);
      const msPerStep = ms / steps;
      const row = { backend: tf.getBackend(), width, n, msPerStep, stepsPerSecond: 1000 / msPerStep };
      rows.push(row);
      onRow?.(row);
    } finally {
      trainer.dispose();
      mlp.dispose();
      x.dispose();
      y.dispose();
    }
  }
  return rows;
}

function fixed(v: number | null, digits: number): string {
  return v === null ? 'skipped' : v.toFixed(digits);
}

function table(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join('  ');
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Text table of NTK timings with the structured speed-up column. */
export function formatNtkTable(rows: NtkTiming[]): string {
  return table(
    ['backend', 'N', 'width', 'params', 'structured ms', 'generic ms', 'speed-up', 'max rel diff'],
    rows.map((r) => [r.backend, String(r.n), String(r.width), String(r.parameters), r.structuredMs.toFixed(2),
      fixed(r.genericMs, 1), r.speedup === null ? '-' : `${r.speedup.toFixed(1)}x`,
      r.maxRelativeDiff === null ? '-' : r.maxRelativeDiff.toExponential(1)]),
  );
}

/** Text table of training speed with the step-time ratio against the first width of each backend. */
export function formatTrainTable(rows: TrainTiming[]): string {
  const base = new Map<string, number>();
  for (const r of rows) if (!base.has(r.backend)) base.set(r.backend, r.msPerStep);
  return table(
    ['backend', 'N', 'width', 'ms / step', 'steps / s', 'step time ratio'],
    rows.map((r) => [r.backend, String(r.n), String(r.width), r.msPerStep.toFixed(2), r.stepsPerSecond.toFixed(0),
      `${(r.msPerStep / (base.get(r.backend) ?? r.msPerStep)).toFixed(2)}x`]),
  );
}
