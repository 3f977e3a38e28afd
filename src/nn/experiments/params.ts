/**
 * Reading experiment parameters against their schema (src/ui/params.ts).
 *
 * Two policies:
 *  - `resolveParams` (workers, widgets): typed values, clamped with notices,
 *    never throws; the page keeps working with a visible message.
 *  - `parseStrictArgs` (CLI): raw strings, any unknown name or out-of-range
 *    value is an error whose message lists the valid parameters.
 */
import {
  closest, defaultsOf, formatParam, isValidValue, parseParam,
  type ParamSchema, type ParamSpec, type ParamValue, type ParamsOf,
} from '../../ui/params';

/** Typed values merged over the defaults, invalid ones clamped. Never throws. */
export function resolveParams<S extends ParamSchema>(
  schema: S, patch: Readonly<Record<string, unknown>> = {},
): { values: ParamsOf<S>; notices: string[] } {
  const values = defaultsOf(schema) as Record<string, ParamValue>;
  const notices: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const spec = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    if (!spec) { notices.push(`unknown parameter "${key}" ignored`); continue; }
    if (isValidValue(spec, value)) { values[key] = Array.isArray(value) ? [...value] : (value as ParamValue); continue; }
    const raw = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || Array.isArray(value)
      ? formatParam(spec, value as ParamValue) : String(value);
    const parsed = parseParam(spec, raw, key);
    values[key] = parsed.value;
    notices.push(parsed.notice ?? `${key}: ${raw} replaced by ${formatParam(spec, parsed.value)}`);
  }
  return { values: values as ParamsOf<S>, notices };
}

/** One line describing a parameter: name, kind, range or options, default. */
export function describeParam(name: string, spec: ParamSpec): string {
  const def = formatParam(spec, spec.kind === 'list' ? [...spec.default] : spec.default);
  let range: string;
  switch (spec.kind) {
    case 'int': case 'float': range = `${spec.kind} in [${spec.min}, ${spec.max}]`; break;
    case 'log': range = `${spec.integer ? 'int' : 'number'} in [${spec.min}, ${spec.max}] (log scale)`; break;
    case 'enum': range = `one of ${spec.options.join(' | ')}`; break;
    case 'bool': range = 'true | false'; break;
    case 'list': range = `${spec.minLength}..${spec.maxLength} comma-separated numbers in [${spec.min}, ${spec.max}]`; break;
  }
  return `--${name} <${range}>  ${spec.label}${spec.unit ? ` (${spec.unit})` : ''}; default ${def}`;
}

/** The parameter list of a schema, one line each. */
export function describeSchema(schema: ParamSchema): string {
  return Object.entries(schema).map(([k, s]) => `  ${describeParam(k, s)}`).join('\n');
}

/** Raised for bad command-line parameters; the message is meant for the user. */
export class ParamError extends Error {
  override name = 'ParamError';
}

/**
 * Parse `name=value` pairs strictly: unknown names, unreadable values and
 * values that would be clamped are errors. Missing names take defaults.
 */
export function parseStrictParams<S extends ParamSchema>(
  schema: S, pairs: readonly [string, string][],
): ParamsOf<S> {
  const values = defaultsOf(schema) as Record<string, ParamValue>;
  const problems: string[] = [];
  const names = Object.keys(schema);
  for (const [key, raw] of pairs) {
    const spec = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    if (!spec) {
      const guess = closest(key, names);
      problems.push(`unknown parameter --${key}${guess ? ` (did you mean --${guess}?)` : ''}`);
      continue;
    }
    const parsed = parseParam(spec, raw, `--${key}`);
    if (parsed.notice) { problems.push(parsed.notice); continue; }
    values[key] = parsed.value;
  }
  if (problems.length) {
    throw new ParamError(`${problems.join('\n')}\nvalid parameters:\n${describeSchema(schema)}`);
  }
  return values as ParamsOf<S>;
}
