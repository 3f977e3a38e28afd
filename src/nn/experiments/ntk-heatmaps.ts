/**
 * ntk-heatmaps: the empirical NTK of one random network at a chosen width,
 *   Theta_hat(x, x') = sum_p df(x)/dtheta_p df(x')/dtheta_p = J(x) J(x')^T,
 * on an even grid of N inputs, beside the analytic NTK Theta^{L+1} of the same
 * spec (core's `analyticKernels`, float64) and their difference, with the
 * relative Frobenius error ||Theta_hat - Theta||_F / ||Theta||_F
 * (Jacot et al. 2018; Lee et al. 2019).
 *
 * The empirical kernel is computed two ways, so the reader can check that
 * they agree and compare their cost:
 *  - structured: per-layer sensitivities (Novak, Sohl-Dickstein & Schoenholz
 *    2022), `ntkStructured`, one unit of work;
 *  - generic: the per-example Jacobian J (N x P, P parameters) and its
 *    contraction J J^T, in units of a few Jacobian rows (each unit adds the
 *    kernel blocks between its rows and the rows before it).
 * The generic path stores N * P float32 numbers: above
 * GENERIC_JACOBIAN_LIMIT_BYTES it is refused with a message, never attempted.
 *
 * The network of width n and seed s is `convergenceSpec(p, n, 0)`, the first
 * network of the ntk-convergence sweep at that width; with that experiment's
 * `inputs: 'grid'` both compute the very same kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../../core';
import { defaultsOf, type ParamsOf } from '../../ui/params';
import { createMlp, layerSizes, ntkStructured, perExampleJacobian, type Mlp, type MlpSpec } from '../index';
import { matMulTransposeB } from '../forward-cache';
import { analyticOracle, matrixTensor, relativeFrobeniusError, toRows } from './data';
import { round } from './fit';
import { convergenceSpec, kernelInputs, ntkConvergenceSchema } from './ntk-convergence';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

/** The generic path refuses networks whose N x P float32 Jacobian would exceed this many bytes. */
export const GENERIC_JACOBIAN_LIMIT_BYTES = 200e6;

/** Structured kernels are re-run (best of three) while the runs so far took less than this. */
const STRUCTURED_REPEAT_BUDGET_MS = 150;

/** Jacobian rows (inputs) per unit of generic work. */
export const GENERIC_ROWS_PER_UNIT = 4;

export const ntkHeatmapsSchema = {
  width: { kind: 'log', label: 'width n', min: 1, max: 8192, default: 64, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 6, default: 2 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh', 'gelu'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 2, step: 0.05, default: 0.1 },
  points: { kind: 'int', label: 'grid inputs N', min: 2, max: 64, default: 24 },
  method: {
    kind: 'enum', label: 'empirical NTK method', options: ['structured', 'generic'], default: 'structured',
    description: 'structured: per-layer sensitivities; generic: per-example Jacobian J and J J^T.',
  },
  compare: {
    kind: 'bool', label: 'also run the other method', default: true,
    description: 'Compute the kernel by the other method too (when its Jacobian fits), for the agreement and the timings.',
  },
  embedding: { kind: 'enum', label: 'input embedding', options: ['circle', 'affine'], default: 'circle' },
  seed: { kind: 'int', label: 'seed', min: 0, max: 1_000_000, default: 0 },
} as const;

export type NtkHeatmapsParams = ParamsOf<typeof ntkHeatmapsSchema>;
export type NtkMethod = 'structured' | 'generic';

/** Whether the generic path may run, and how far it could go at this depth. */
export interface GenericLimit {
  allowed: boolean;
  /** N * P * 4 bytes of the Jacobian at the requested width. */
  jacobianBytes: number;
  limitBytes: number;
  /** Largest width whose Jacobian fits the limit at this depth and N. */
  maxWidth: number;
}

/** Plain data of the figure (partial while running). */
export interface NtkHeatmapsData {
  /** Raw grid inputs x_i in [-pi, pi). */
  xs: number[];
  width: number;
  depth: number;
  method: NtkMethod;
  /** Trainable parameters P of the network. */
  numParams: number;
  /** Analytic NTK Theta^{L+1} on the grid (N x N). */
  analytic: Matrix;
  /** Empirical NTK by the selected method (null until computed, or when refused). */
  empirical: Matrix | null;
  /** empirical - analytic (null with empirical). */
  difference: Matrix | null;
  /** ||Theta_hat - Theta||_F / ||Theta||_F (float64 over the float32 kernel). */
  relativeError: number | null;
  /** Milliseconds of kernel computation (network construction excluded); null when not run (yet). */
  timings: { structuredMs: number | null; genericMs: number | null; genericOverStructured: number | null };
  /** Agreement of the two methods, once both ran: max |G - S|, and relative to max |S|, and relative Frobenius. */
  agreement: { maxAbsDifference: number; relativeMax: number; relativeFrobenius: number } | null;
  generic: GenericLimit & { rowsDone: number };
  /** Why the selected method was not run (the generic Jacobian is too big), else null. */
  refusal: string | null;
  /** What the session is doing now. */
  stage: 'building' | 'structured' | 'generic' | 'done';
}

/** Trainable parameters of an MLP spec: sum over layers of n_in n_out + n_out. */
export function parameterCount(spec: Pick<MlpSpec, 'inputDim' | 'width' | 'depth'>): number {
  const sizes = layerSizes({ ...spec, activation: 'relu', weightVariance: 1, biasVariance: 0, parameterization: 'ntk', seed: 0 });
  let p = 0;
  for (let l = 0; l + 1 < sizes.length; l++) p += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return p;
}

/** The generic method's memory check for `points` inputs (float32 Jacobian N x P). */
export function genericLimit(width: number, depth: number, points: number, inputDim = 2, limitBytes = GENERIC_JACOBIAN_LIMIT_BYTES): GenericLimit {
  const bytes = (n: number) => points * parameterCount({ inputDim, width: n, depth }) * 4;
  let lo = 0;
  let hi = 1;
  while (bytes(hi) <= limitBytes && hi < 1 << 24) hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bytes(mid) <= limitBytes) lo = mid; else hi = mid;
  }
  const jacobianBytes = bytes(width);
  return { allowed: jacobianBytes <= limitBytes, jacobianBytes, limitBytes, maxWidth: lo };
}

/** The message shown when the generic method is refused. */
export function refusalMessage(limit: GenericLimit, depth: number): string {
  const mb = (b: number) => Math.round(b / 1e6);
  return `generic method limited to width ≤ ${limit.maxWidth} at depth ${depth}: its Jacobian would need `
    + `${mb(limit.jacobianBytes)} MB (limit ${mb(limit.limitBytes)} MB); switch to structured`;
}

/** The network of the figure: the first network of the ntk-convergence sweep at this width. */
export function heatmapSpec(p: NtkHeatmapsParams): MlpSpec {
  const conv = {
    ...defaultsOf(ntkConvergenceSchema),
    depth: p.depth, activation: p.activation, weightVariance: p.weightVariance, biasVariance: p.biasVariance, seed: p.seed,
  };
  return convergenceSpec(conv, Math.round(p.width), 0);
}

type Unit = { kind: 'build' } | { kind: 'structured' } | { kind: 'generic'; row: number };

/** Max |a - b|, max |b|, and ||a - b||_F / ||b||_F for two row-major arrays. */
function compareKernels(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbsDifference: number; relativeMax: number; relativeFrobenius: number } {
  let maxDiff = 0, maxRef = 0, diff2 = 0, ref2 = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] - b[i];
    maxDiff = Math.max(maxDiff, Math.abs(d));
    maxRef = Math.max(maxRef, Math.abs(b[i]));
    diff2 += d * d;
    ref2 += b[i] * b[i];
  }
  return { maxAbsDifference: maxDiff, relativeMax: maxRef > 0 ? maxDiff / maxRef : 0, relativeFrobenius: ref2 > 0 ? Math.sqrt(diff2 / ref2) : 0 };
}

async function createSession(p: NtkHeatmapsParams): Promise<ExperimentSession<NtkHeatmapsParams, NtkHeatmapsData>> {
  const spec = heatmapSpec(p);
  const n = p.points;
  const method = p.method as NtkMethod;
  const set = kernelInputs(n, p.seed, p.embedding as 'circle' | 'affine', 'grid');
  const analytic = analyticOracle(spec, set.inputs).ntk;
  const limit = genericLimit(spec.width, spec.depth, n, spec.inputDim);
  const refusal = method === 'generic' && !limit.allowed ? refusalMessage(limit, spec.depth) : null;

  const genericUnits = (): Unit[] => Array.from({ length: Math.ceil(n / GENERIC_ROWS_PER_UNIT) }, (_, k) => ({ kind: 'generic', row: k * GENERIC_ROWS_PER_UNIT }));
  const plan: Unit[] = [];
  if (!refusal) {
    plan.push({ kind: 'build' });
    if (method === 'structured') {
      plan.push({ kind: 'structured' });
      if (p.compare && limit.allowed) plan.push(...genericUnits());
    } else {
      plan.push(...genericUnits());
      if (p.compare) plan.push({ kind: 'structured' });
    }
  }

  const x = matrixTensor(set.inputs);
  let mlp: Mlp | null = null;
  let unitsDone = 0;
  let structured: Float32Array | null = null;
  let structuredMs: number | null = null;
  let genericMs = 0;
  let genericRows = 0;
  /** Jacobian row blocks (one tensor per variable) kept until the generic kernel is complete. */
  const jacobianBlocks: { row: number; rows: number; parts: tf.Tensor2D[] }[] = [];
  const generic = new Float32Array(n * n);

  /**
   * Structured kernel, timed. It is computed up to three times, while the
   * runs so far took less than STRUCTURED_REPEAT_BUDGET_MS, and the fastest
   * run is kept: one-off backend warm-up must not dominate a cheap kernel.
   */
  function runStructured(): void {
    let best = Infinity;
    let spent = 0;
    for (let run = 0; run < 3 && (run === 0 || spent < STRUCTURED_REPEAT_BUDGET_MS); run++) {
      const t0 = performance.now();
      const kernel = ntkStructured(mlp!, x);
      const values = kernel.dataSync() as Float32Array;
      const ms = performance.now() - t0;
      spent += ms;
      kernel.dispose();
      if (ms < best) { best = ms; structured = values; }
    }
    structuredMs = best;
  }

  /** Jacobian rows [row, row + rows), and the kernel blocks between them and every earlier block (and themselves). */
  function runGenericRows(row: number): void {
    const rows = Math.min(GENERIC_ROWS_PER_UNIT, n - row);
    const vars = [...mlp!.weights, ...mlp!.biases];
    if (row === 0) warmUpGeneric(vars);
    const t0 = performance.now();
    const xs = tf.slice(x, [row, 0], [rows, x.shape[1]]);
    const parts = perExampleJacobian((z) => mlp!.forward(z), vars, xs);
    xs.dispose();
    const block = { row, rows, parts };
    jacobianBlocks.push(block);
    for (const other of jacobianBlocks) {
      const gram = tf.tidy(() => parts.map((j, k) => matMulTransposeB(j, other.parts[k])).reduce((s, t) => tf.add(s, t)));
      const values = gram.dataSync();
      gram.dispose();
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < other.rows; j++) {
          generic[(row + i) * n + other.row + j] = values[i * other.rows + j];
          generic[(other.row + j) * n + row + i] = values[i * other.rows + j];
        }
      }
    }
    genericMs += performance.now() - t0;
    genericRows += rows;
    if (genericRows >= n) freeJacobian();
  }

  /**
   * One untimed Jacobian row before the timed ones: the first gradient call
   * of a worker pays one-off set-up (tens to hundreds of ms), which would
   * otherwise be charged to the generic method. (The structured timing is a
   * best of three for the same reason.)
   */
  function warmUpGeneric(vars: tf.Variable[]): void {
    const x0 = tf.slice(x, [0, 0], [1, x.shape[1]]);
    tf.dispose(perExampleJacobian((z) => mlp!.forward(z), vars, x0));
    x0.dispose();
  }

  function freeJacobian(): void {
    for (const b of jacobianBlocks.splice(0)) tf.dispose(b.parts);
  }

  function freeNetwork(): void {
    mlp?.dispose();
    mlp = null;
  }

  const genericDone = () => genericRows >= n;

  return {
    get totalUnits() { return plan.length; },
    get unitsDone() { return unitsDone; },
    async step(units: number) {
      for (let k = 0; k < units && unitsDone < plan.length; k++) {
        const unit = plan[unitsDone];
        if (unit.kind === 'build') mlp = createMlp(spec);
        else if (unit.kind === 'structured') runStructured();
        else runGenericRows(unit.row);
        unitsDone++;
        if (unitsDone === plan.length) freeNetwork();
      }
    },
    snapshot(): NtkHeatmapsData {
      const selected: ArrayLike<number> | null = method === 'structured' ? structured : (genericDone() ? generic : null);
      const other: ArrayLike<number> | null = method === 'structured' ? (genericDone() ? generic : null) : structured;
      const empirical = selected ? toRows(selected, n, n) : null;
      const next = plan[unitsDone];
      const stage: NtkHeatmapsData['stage'] = !next ? 'done' : next.kind === 'build' ? 'building' : next.kind;
      const gMs = genericDone() ? genericMs : null;
      return {
        xs: set.xs.map((v) => round(v)),
        width: spec.width,
        depth: spec.depth,
        method,
        numParams: parameterCount(spec),
        analytic: analytic.map((r) => r.map((v) => round(v))),
        empirical,
        difference: selected ? analytic.map((r, i) => r.map((v, j) => round(selected[i * n + j] - v))) : null,
        relativeError: selected ? round(relativeFrobeniusError(selected, analytic)) : null,
        timings: {
          structuredMs: structuredMs === null ? null : round(structuredMs, 4),
          genericMs: gMs === null ? null : round(gMs, 4),
          genericOverStructured: gMs !== null && structuredMs ? round(gMs / structuredMs, 3) : null,
        },
        agreement: selected && other ? (() => {
          const c = compareKernels(generic, structured!);
          return { maxAbsDifference: round(c.maxAbsDifference, 3), relativeMax: round(c.relativeMax, 3), relativeFrobenius: round(c.relativeFrobenius, 3) };
        })() : null,
        generic: { ...limit, rowsDone: genericRows },
        refusal,
        stage,
      };
    },
    dispose() {
      freeJacobian();
      freeNetwork();
      x.dispose();
    },
  };
}

function summarize(d: NtkHeatmapsData): DataSummary {
  const notes = [
    `width ${d.width}, depth ${d.depth}, ${d.numParams} parameters, ${d.xs.length} grid inputs; method ${d.method}`,
    d.refusal ?? `relative Frobenius error ||Theta_hat - Theta||_F / ||Theta||_F = ${d.relativeError ?? 'n/a'}`,
    `timings: structured ${d.timings.structuredMs === null ? 'not run' : `${d.timings.structuredMs} ms`}, `
      + `generic ${d.timings.genericMs === null ? 'not run' : `${d.timings.genericMs} ms`}`
      + (d.timings.genericOverStructured ? ` (generic / structured = ${d.timings.genericOverStructured})` : ''),
  ];
  if (d.agreement) notes.push(`methods agree: max |generic - structured| = ${d.agreement.maxAbsDifference} (relative Frobenius ${d.agreement.relativeFrobenius})`);
  const rows = d.xs.map((x, i) => [x, d.analytic[i][i], d.empirical ? d.empirical[i][i] : NaN]);
  return { tables: [{ title: 'diagonal of the kernels', table: { columns: ['x', 'analytic Theta(x, x)', 'empirical Theta_hat(x, x)'], rows } }], notes };
}

export const ntkHeatmaps: ExperimentDefinition<typeof ntkHeatmapsSchema, NtkHeatmapsData> = {
  name: 'ntk-heatmaps',
  summary: 'Empirical NTK of one network (structured or generic) vs the analytic NTK on a grid of inputs, their difference, the relative error and the two methods\' timings.',
  schema: ntkHeatmapsSchema,
  modelParameters: (p) => parameterCount({ inputDim: 2, width: Math.round(p.width), depth: p.depth }),
  createSession,
  summarize,
};
