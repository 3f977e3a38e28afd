/**
 * Parameter schemas: one description of a widget's parameters drives
 * build-time validation of Markdown directives, URL parsing on the embed page,
 * the controls, and the custom element's attributes.
 *
 * Pure TypeScript: no DOM, safe to import from the Vite plugin in Node.
 */

interface BaseSpec {
  /** Human label shown next to the control, e.g. "width n". */
  label: string;
  /** Optional unit or short hint shown after the value. */
  unit?: string;
  /** One sentence for screen readers and the embed docs. */
  description?: string;
  /**
   * false: no generic control is built (the widget edits the value itself,
   * e.g. training points added by clicking). Still in URLs and attributes.
   */
  control?: boolean;
}

/** Integer on a linear slider. */
export interface IntSpec extends BaseSpec { kind: 'int'; min: number; max: number; step?: number; default: number }
/** Real number on a linear slider. */
export interface FloatSpec extends BaseSpec { kind: 'float'; min: number; max: number; step: number; default: number }
/**
 * Positive number on a logarithmic slider (e.g. width 8..4096).
 * `integer: true` rounds values; the slider and arrow keys move in
 * multiplicative steps of `factor` (default 2).
 */
export interface LogSpec extends BaseSpec { kind: 'log'; min: number; max: number; default: number; factor?: number; integer?: boolean }
/** One of a fixed set of strings. */
export interface EnumSpec extends BaseSpec { kind: 'enum'; options: readonly string[]; optionLabels?: Readonly<Record<string, string>>; default: string }
/** On/off. */
export interface BoolSpec extends BaseSpec { kind: 'bool'; default: boolean }
/**
 * A list of numbers (e.g. training inputs, or a set of widths), written as
 * comma-separated values in attributes and URLs: "0.5,-1.2,2".
 * Each entry is clamped to [min, max]; the length to [minLength, maxLength].
 */
export interface ListSpec extends BaseSpec {
  kind: 'list'; min: number; max: number; minLength: number; maxLength: number; default: readonly number[];
}

export type ParamSpec = IntSpec | FloatSpec | LogSpec | EnumSpec | BoolSpec | ListSpec;

/** The value type a spec describes. */
export type ValueOf<S extends ParamSpec> =
  S extends IntSpec | FloatSpec | LogSpec ? number :
  S extends EnumSpec ? string :
  S extends BoolSpec ? boolean :
  S extends ListSpec ? number[] : never;

export type ParamValue = number | string | boolean | number[];
export type ParamSchema = Readonly<Record<string, ParamSpec>>;
/** Values of a schema, e.g. `ParamsOf<typeof schema>`. */
export type ParamsOf<S extends ParamSchema> = { [K in keyof S]: ValueOf<S[K]> };

/** Result of reading one raw string against a spec. */
export interface ParseResult {
  value: ParamValue;
  /** Set when the raw string was not a valid value and was replaced or clamped. */
  notice?: string;
  /** True when the raw text could not be understood at all (not a number, unknown option). */
  invalid?: boolean;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

const NUMBER_SYNTAX = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parse a number written in an attribute or a URL; null when it is not a finite number. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim();
  if (s === '' || !NUMBER_SYNTAX.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/**
 * Like parseNumber, but a well-formed number too large for a double ("1e309",
 * a 400-digit integer) reads as ±Infinity, so it is clamped to the range like
 * any other out-of-range number instead of being called "not a number".
 */
function parseNumberOrOverflow(raw: string): number | null {
  const v = parseNumber(raw);
  if (v !== null) return v;
  const s = raw.trim();
  return NUMBER_SYNTAX.test(s) ? Number(s) : null;
}

/** A raw value for a notice: long strings are cut so notices stay readable. */
function quote(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 37)}…` : raw;
}

/** Snap a number onto a linear grid min + k*step (keeps decimals tidy). */
function snap(v: number, min: number, step: number): number {
  const k = Math.round((v - min) / step);
  return Number((min + k * step).toPrecision(12));
}

function numeric(spec: IntSpec | FloatSpec | LogSpec, raw: string, name: string): ParseResult {
  const v = parseNumberOrOverflow(raw);
  if (v === null) {
    return { value: spec.default, invalid: true, notice: `${name}: "${quote(raw)}" is not a number; using ${fmt(spec.default)}` };
  }
  let out = clamp(v, spec.min, spec.max);
  if (spec.kind === 'int' || (spec.kind === 'log' && spec.integer)) out = Math.round(out);
  if (spec.kind === 'int' && spec.step && spec.step > 1) out = clamp(snap(out, spec.min, spec.step), spec.min, spec.max);
  if (out !== v) {
    const why = v < spec.min || v > spec.max ? `outside [${fmt(spec.min)}, ${fmt(spec.max)}]` : 'not allowed';
    const shown = Number.isFinite(v) ? fmt(v) : quote(raw.trim());
    return { value: out, notice: `${name}: ${shown} is ${why}; using ${fmt(out)}` };
  }
  return { value: out };
}

/** Read one raw string (attribute or URL value) for a spec. Never throws. */
export function parseParam(spec: ParamSpec, raw: string, name = spec.label): ParseResult {
  switch (spec.kind) {
    case 'int': case 'float': case 'log':
      return numeric(spec, raw, name);
    case 'enum': {
      const s = raw.trim();
      if (spec.options.includes(s)) return { value: s };
      const lower = spec.options.find((o) => o.toLowerCase() === s.toLowerCase());
      if (lower !== undefined) return { value: lower };
      return { value: spec.default, invalid: true, notice: `${name}: "${quote(raw)}" is not one of ${spec.options.join(', ')}; using ${spec.default}` };
    }
    case 'bool': {
      const s = raw.trim().toLowerCase();
      if (['', 'true', '1', 'yes', 'on'].includes(s)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(s)) return { value: false };
      return { value: spec.default, invalid: true, notice: `${name}: "${quote(raw)}" is not true or false; using ${spec.default}` };
    }
    case 'list': {
      const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
      const entryNotices: string[] = [];
      const lengthNotices: string[] = [];
      let values: number[] = [];
      for (const p of parts) {
        const v = parseNumberOrOverflow(p);
        if (v === null) { entryNotices.push(`"${quote(p)}" is not a number (dropped)`); continue; }
        const c = clamp(v, spec.min, spec.max);
        if (c !== v) entryNotices.push(`${Number.isFinite(v) ? fmt(v) : quote(p)} clamped to ${fmt(c)}`);
        values.push(c);
      }
      if (values.length > spec.maxLength) {
        lengthNotices.push(`${values.length} entries, at most ${spec.maxLength} kept`);
        values = values.slice(0, spec.maxLength);
      }
      if (values.length < spec.minLength) {
        lengthNotices.push(`needs at least ${spec.minLength} entries; using the default`);
        values = [...spec.default];
      }
      // A pasted list of thousands of bad entries must not become a notice of thousands of lines.
      const entries = entryNotices.length > 6
        ? [...entryNotices.slice(0, 5), `${entryNotices.length - 5} more entries not numbers or out of range`] : entryNotices;
      const notices = [...lengthNotices, ...entries];
      return notices.length ? { value: values, notice: `${name}: ${notices.join('; ')}` } : { value: values };
    }
  }
}

/** Write a value back to the string form used in attributes and URLs. */
export function formatParam(spec: ParamSpec, value: ParamValue): string {
  if (spec.kind === 'list') return (value as number[]).map(fmt).join(',');
  if (typeof value === 'number') return fmt(value);
  return String(value);
}

/** Defaults of every parameter of a schema. */
export function defaultsOf<S extends ParamSchema>(schema: S): ParamsOf<S> {
  const out: Record<string, ParamValue> = {};
  for (const [k, spec] of Object.entries(schema)) {
    out[k] = spec.kind === 'list' ? [...spec.default] : spec.default;
  }
  return out as ParamsOf<S>;
}

/** Result of reading a whole set of raw key/value pairs (a URL, or element attributes). */
export interface ParsedParams<S extends ParamSchema> {
  values: ParamsOf<S>;
  /** Human-readable messages about clamped, replaced or unknown parameters. */
  notices: string[];
  /** Keys that are not in the schema. */
  unknown: string[];
}

/**
 * Read raw pairs against a schema: known keys parsed and clamped, missing keys
 * take defaults, unknown keys reported (not applied). Never throws.
 * `ignore` lists keys that belong to the host (e.g. "widget", "controls").
 */
export function parseParams<S extends ParamSchema>(
  schema: S, raw: Iterable<[string, string]>, ignore: readonly string[] = [],
): ParsedParams<S> {
  const values = defaultsOf(schema) as Record<string, ParamValue>;
  const notices: string[] = [];
  const unknown: string[] = [];
  for (const [k, v] of raw) {
    if (ignore.includes(k)) continue;
    const spec = Object.prototype.hasOwnProperty.call(schema, k) ? schema[k] : undefined;
    if (!spec) { unknown.push(k); notices.push(`unknown parameter "${k}" ignored`); continue; }
    const r = parseParam(spec, v, k);
    values[k] = r.value;
    if (r.notice) notices.push(r.notice);
  }
  return { values: values as ParamsOf<S>, notices, unknown };
}

/** Is `value` a legal value of `spec` (used by property tests and asserts)? */
export function isValidValue(spec: ParamSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'int': return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
    case 'float': case 'log':
      return typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max
        && (spec.kind !== 'log' || !spec.integer || Number.isInteger(value));
    case 'enum': return typeof value === 'string' && spec.options.includes(value);
    case 'bool': return typeof value === 'boolean';
    case 'list': return Array.isArray(value) && value.length >= spec.minLength && value.length <= spec.maxLength
      && value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max);
  }
}

/** Edit distance, for "did you mean" suggestions in build errors. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
