/**
 * Embed page state in the URL: `?widget=NAME&param=value&controls=a,b`.
 * Reading never throws: unknown widgets, keys and bad values become notices.
 * Writing keeps only values that differ from the defaults, so URLs stay short
 * and a reload restores the same state. Pure: no DOM.
 */
import { type ParamSchema, type ParamValue, type ParsedParams, defaultsOf, formatParam, parseParams } from './params';
import { sameValue } from './coerce';

/** Query keys that belong to the embed page, not to the widget. */
export const HOST_KEYS: readonly string[] = ['widget', 'controls'];

/** `record[key]` if `key` is the record's own key (never an Object.prototype member such as "constructor"). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The raw embed query, before the widget's schema is known. */
export interface EmbedQuery {
  /** Widget name (`widget=`), or null when missing. */
  widget: string | null;
  /** Control names from `controls=a,b`; null when the key is absent (all controls). */
  controls: string[] | null;
  /** Every other key/value pair, in order (repeated keys kept: the last wins when parsed). */
  pairs: [string, string][];
}

export function readEmbedQuery(search: string): EmbedQuery {
  const query = new URLSearchParams(search);
  const widget = query.get('widget');
  const controlsRaw = query.getAll('controls');
  const controls = controlsRaw.length === 0 ? null
    : controlsRaw.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const pairs: [string, string][] = [];
  for (const [k, v] of query) if (!HOST_KEYS.includes(k)) pairs.push([k, v]);
  return { widget: widget === null ? null : widget.trim(), controls, pairs };
}

/**
 * Parse the widget's parameters from the query pairs (clamped, with notices).
 * Keys match the schema case-insensitively (`weightvariance` like the
 * element's attributes). A key given several times: the last value wins, and
 * only that value is parsed, so no notice describes a value that is not used.
 */
export function readEmbedParams<S extends ParamSchema>(schema: S, query: EmbedQuery): ParsedParams<S> {
  const byLower = new Map(Object.keys(schema).map((k) => [k.toLowerCase(), k]));
  const last = new Map<string, string>();
  const count = new Map<string, number>();
  for (const [rawKey, v] of query.pairs) {
    const k = Object.prototype.hasOwnProperty.call(schema, rawKey) ? rawKey : byLower.get(rawKey.toLowerCase()) ?? rawKey;
    last.delete(k);
    last.set(k, v);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const parsed = parseParams(schema, last, HOST_KEYS);
  const repeated = [...count].filter(([, n]) => n > 1)
    .map(([k, n]) => `${k} is given ${n} times; the last value is used`);
  return { ...parsed, notices: [...repeated, ...parsed.notices] };
}

/** Which controls to show: known names kept (schema order), unknown noted. */
export function pickControls(schema: ParamSchema, requested: readonly string[] | null): { names: string[] | null; notices: string[] } {
  if (requested === null) return { names: null, notices: [] };
  const keys = Object.keys(schema);
  const lower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  const names: string[] = [];
  const notices: string[] = [];
  for (const r of requested) {
    const k = lower.get(r.toLowerCase());
    if (k === undefined) notices.push(`controls: unknown control "${r}" ignored`);
    else if (!names.includes(k)) names.push(k);
  }
  return { names: keys.filter((k) => names.includes(k)), notices };
}

/** Query string (with leading "?") for a widget, its values and its control list. */
export function writeEmbedQuery(
  widget: string, schema: ParamSchema, values: Readonly<Record<string, ParamValue>>, controls: readonly string[] | null = null,
): string {
  const query = new URLSearchParams();
  query.set('widget', widget);
  const defaults = defaultsOf(schema) as Record<string, ParamValue>;
  for (const [k, spec] of Object.entries(schema)) {
    const v = values[k];
    if (v === undefined || sameValue(v, defaults[k])) continue;
    query.set(k, formatParam(spec, v));
  }
  if (controls !== null) query.set('controls', controls.join(','));
  return `?${query.toString().replace(/%2C/g, ',')}`;
}
