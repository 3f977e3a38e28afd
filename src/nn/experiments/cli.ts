/**
 * Command-line front end of the experiments (scripts/figure.ts):
 *   npm run figure -- <name> [--param value ...] [--json] [--backend wasm|cpu] [--help]
 * Parsing and formatting live here so they can be tested without running anything.
 */
import type { ParamSchema, ParamsOf } from '../../ui/params';
import { describeSchema, parseStrictParams, ParamError } from './params';
import type { AnyExperiment, DataSummary, DataTable } from './types';

/** Options of the CLI itself (not experiment parameters). */
export const CLI_FLAGS = ['json', 'help', 'backend', 'quiet'] as const;

export interface CliRequest {
  name: string | null;
  json: boolean;
  help: boolean;
  quiet: boolean;
  backend: 'wasm' | 'cpu' | 'webgl' | undefined;
  /** Experiment parameters as raw name/value strings, in order. */
  pairs: [string, string][];
}

/** Split argv into the experiment name, CLI flags and `--name value` / `--name=value` pairs. */
export function parseArgv(argv: readonly string[]): CliRequest {
  const req: CliRequest = { name: null, json: false, help: false, quiet: false, backend: undefined, pairs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (!arg.startsWith('--')) {
      if (arg === '-h') { req.help = true; continue; }
      if (req.name === null) { req.name = arg; continue; }
      throw new ParamError(`unexpected argument "${arg}" (parameters are written --name value)`);
    }
    let key = arg.slice(2);
    let value: string | undefined;
    const eq = key.indexOf('=');
    if (eq >= 0) { value = key.slice(eq + 1); key = key.slice(0, eq); }
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (key === 'json') req.json = value === undefined || value !== 'false';
    else if (key === 'help') req.help = true;
    else if (key === 'quiet') req.quiet = value === undefined || value !== 'false';
    else if (key === 'backend') {
      if (value !== 'wasm' && value !== 'cpu' && value !== 'webgl') throw new ParamError(`--backend must be wasm, cpu or webgl, got "${value ?? ''}"`);
      req.backend = value;
    } else req.pairs.push([key, value ?? '']);
  }
  return req;
}

/** Usage text: every experiment with its parameters. */
export function usage(experiments: Readonly<Record<string, AnyExperiment>>, only?: AnyExperiment): string {
  const head = 'usage: npm run figure -- <experiment> [--param value ...] [--json] [--backend wasm|cpu] [--quiet]';
  const list = only ? [only] : Object.values(experiments);
  const body = list.map((e) => `\n${e.name}: ${e.summary}\n${describeSchema(e.schema)}`).join('\n');
  return `${head}\n${only ? '' : `\nexperiments: ${Object.keys(experiments).join(', ')}\n`}${body}`;
}

/** Resolve the request's pairs against an experiment's schema (throws ParamError with the valid list). */
export function cliParams(experiment: AnyExperiment, pairs: readonly [string, string][]): ParamsOf<ParamSchema> {
  try {
    return parseStrictParams(experiment.schema, pairs);
  } catch (error) {
    if (error instanceof ParamError) throw new ParamError(`${experiment.name}: ${error.message}`);
    throw error;
  }
}

function cell(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return '-';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** A fixed-width text table, numbers right-aligned. */
export function formatTable(table: DataTable): string {
  const cells = table.rows.map((r) => r.map(cell));
  const widths = table.columns.map((c, j) => Math.max(c.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join('  ');
  return [line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Readable report: titled tables, then notes. */
export function formatSummary(name: string, backend: string, summary: DataSummary): string {
  const parts = [`${name} (tfjs backend: ${backend})`];
  for (const t of summary.tables) parts.push(`${t.title ? `${t.title}\n` : ''}${formatTable(t.table)}`);
  if (summary.notes.length) parts.push(summary.notes.join('\n'));
  return parts.join('\n\n');
}
