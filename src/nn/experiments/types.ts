/**
 * Experiments: the computation behind a figure, separate from its drawing.
 *
 * An experiment is described once (name, parameter schema) and computes in
 * small units of work through a session, so that the same code
 *  - runs to completion headless (`runExperiment`, the CLI, tests), and
 *  - runs step by step inside a widget's Web Worker (pause, resume, snapshots).
 * Everything a session returns is plain data (numbers, arrays, strings): it
 * crosses `postMessage` and prints as JSON. Tensors never leave a session.
 */
import type { ParamSchema, ParamsOf } from '../../ui/params';

/** A table for the CLI: column names and rows of numbers or strings. */
export interface DataTable {
  columns: string[];
  rows: (number | string)[][];
}

/** Readable summary of an experiment's data: tables plus one-line facts. */
export interface DataSummary {
  tables: { title?: string; table: DataTable }[];
  /** Lines such as "fitted log-log slope: -0.49". */
  notes: string[];
}

/**
 * A running computation. `step(units)` does up to `units` units of work and
 * resolves; between calls the host may pause, take a snapshot or dispose.
 */
export interface ExperimentSession<P, D> {
  /** Units needed to finish; Infinity for open-ended training. */
  readonly totalUnits: number;
  /** Units done so far. */
  readonly unitsDone: number;
  /** Advance by at most `units` units (>= 1). */
  step(units: number): Promise<void>;
  /** Plain-data view of the current state; after the last unit this is the result. */
  snapshot(): D;
  /**
   * Parameters the session can change while running (e.g. a learning rate);
   * any other parameter change restarts the session.
   */
  readonly liveParams?: readonly (keyof P & string)[];
  /** Apply a change of live parameters only. */
  setParams?(patch: Partial<P>): void;
  /** Free every tensor the session owns. */
  dispose(): void;
}

/** Definition of an experiment: metadata, schema, a session factory and a CLI view. */
export interface ExperimentDefinition<S extends ParamSchema = ParamSchema, D = unknown> {
  /** CLI and worker name, e.g. "ntk-convergence". */
  name: string;
  /** One sentence: what it computes. */
  summary: string;
  /** Parameters, validated with src/ui/params.ts. */
  schema: S;
  /** Number of trainable parameters of the largest network (for backend choice). */
  modelParameters?(params: ParamsOf<S>): number;
  /** Start a session (the tfjs backend is already initialized). */
  createSession(params: ParamsOf<S>): Promise<ExperimentSession<ParamsOf<S>, D>>;
  /** Tables and notes for the CLI. */
  summarize(data: D): DataSummary;
}

/** Progress of a run: units done out of total, with the latest plain-data snapshot. */
export interface Progress<D> {
  unitsDone: number;
  totalUnits: number;
  data: D;
}

/** Erase the schema type so definitions of different experiments fit one registry. */
export type AnyExperiment = ExperimentDefinition<ParamSchema, unknown>;
