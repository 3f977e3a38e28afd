/**
 * Bring any value into a spec's domain, the same way a URL value would be:
 * valid values pass unchanged, others go through formatParam -> parseParam
 * (clamped, rounded, or replaced by the default). Never throws.
 */
import { type ParamSchema, type ParamSpec, type ParamValue, formatParam, isValidValue, parseParam } from './params';

export function coerceValue(spec: ParamSpec, value: unknown): { value: ParamValue; notice?: string } {
  if (isValidValue(spec, value)) return { value: spec.kind === 'list' ? [...(value as number[])] : value as ParamValue };
  let raw: string;
  try {
    if (Array.isArray(value)) raw = value.map(String).join(',');
    // A string is read like an attribute or URL value ("1.5", "0.5,-1"); for a list,
    // a lone number is a one-entry list (formatParam would throw on it).
    else if (typeof value === 'string' || spec.kind === 'list') raw = String(value);
    else raw = formatParam(spec, value as ParamValue);
  } catch {
    raw = '';
  }
  const r = parseParam(spec, raw);
  return { value: r.value, notice: r.notice };
}

/** Coerce a patch against a schema; unknown keys are dropped and reported. */
export function coercePatch(schema: ParamSchema, patch: Readonly<Record<string, unknown>>): { values: Record<string, ParamValue>; notices: string[] } {
  const values: Record<string, ParamValue> = {};
  const notices: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const spec = Object.prototype.hasOwnProperty.call(schema, k) ? schema[k] : undefined;
    if (!spec) { notices.push(`unknown parameter "${k}" ignored`); continue; }
    const r = coerceValue(spec, v);
    values[k] = r.value;
    if (r.notice) notices.push(`${k}: ${r.notice}`);
  }
  return { values, notices };
}

/** Are two parameter values equal (lists element-wise)? */
export function sameValue(a: ParamValue, b: ParamValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
