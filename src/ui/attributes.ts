/**
 * Element attributes -> parameter values. HTML lowercases attribute names,
 * so `weightvariance="2"` must find the schema key `weightVariance`; kebab
 * case (`weight-variance`) is accepted too.
 */
import { type ParamSchema, type ParsedParams, parseParams } from './params';

/** Attributes that belong to the host element, not to the widget. */
export const HOST_ATTRIBUTES: readonly string[] = ['controls', 'eager', 'embedded', 'class', 'id', 'style', 'title', 'hidden', 'lang', 'dir', 'tabindex', 'slot'];

/** Schema key for an attribute name, or undefined. */
export function paramForAttribute(schema: ParamSchema, attribute: string): string | undefined {
  const flat = attribute.toLowerCase().replace(/-/g, '');
  return Object.keys(schema).find((k) => k.toLowerCase() === flat);
}

/** Attribute names to observe for a schema (lowercase, as HTML reports them). */
export function observedAttributeNames(schema: ParamSchema): string[] {
  return Object.keys(schema).map((k) => k.toLowerCase());
}

/** Parse attribute pairs; host attributes and data-/aria- attributes are ignored. */
export function parseAttributes<S extends ParamSchema>(schema: S, attributes: Iterable<[string, string]>): ParsedParams<S> {
  const pairs: [string, string][] = [];
  for (const [name, value] of attributes) {
    const lower = name.toLowerCase();
    if (HOST_ATTRIBUTES.includes(lower) || lower.startsWith('data-') || lower.startsWith('aria-')) continue;
    pairs.push([paramForAttribute(schema, lower) ?? name, value]);
  }
  return parseParams(schema, pairs);
}
