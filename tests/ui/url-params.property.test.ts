/**
 * Property tests: whatever a URL (or an element's attributes) says, reading it
 * never throws and always yields values inside every widget's schema.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { widgetSchemas } from '../../src/widgets/schemas';
import { type ParamSpec, type ParamValue, isValidValue, parseParams, formatParam } from '../../src/ui/params';
import { readEmbedParams, readEmbedQuery, writeEmbedQuery, pickControls } from '../../src/ui/url-state';
import { parseAttributes } from '../../src/ui/attributes';
import { coerceValue } from '../../src/ui/coerce';

const RUNS = 300;

/** Raw URL values: anything, numbers in and far out of range, numeric junk. */
const rawValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.double().map(String),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1,2,3', ',,', 'true', 'false', 'relu', 'ntk', '3.5e-2', '.5', '5.', '+7', '1e-400'),
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 60 }).map((a) => a.join(',')),
);

function validAll(params: Readonly<Record<string, ParamSpec>>, values: Record<string, ParamValue>): string[] {
  return Object.entries(params).filter(([k, spec]) => !isValidValue(spec, values[k])).map(([k]) => k);
}

describe.each(Object.values(widgetSchemas))('URL parameters of $name', (schema) => {
  const keys = Object.keys(schema.params);
  const key = fc.oneof(fc.constantFrom(...keys), fc.constantFrom(...keys.map((k) => k.toLowerCase())), fc.string({ maxLength: 8 }), fc.constant('widget'), fc.constant('controls'));
  const pairs = fc.array(fc.tuple(key, rawValue), { maxLength: 25 });

  it('parseParams never throws and every value is inside the schema (unknown and repeated keys included)', () => {
    fc.assert(fc.property(pairs, (raw) => {
      const r = parseParams(schema.params, raw, ['widget', 'controls']);
      expect(validAll(schema.params, r.values as Record<string, ParamValue>)).toEqual([]);
      for (const [k] of raw) {
        if (k !== 'widget' && k !== 'controls' && !keys.includes(k)) expect(r.unknown).toContain(k);
      }
    }), { numRuns: RUNS });
  });

  it('a whole query string (any text) parses to valid values', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), pairs, (junk, raw) => {
      const search = `?widget=${schema.name}&${junk}&${new URLSearchParams(raw).toString()}`;
      const q = readEmbedQuery(search);
      expect(q.widget).toBe(schema.name);
      const r = readEmbedParams(schema.params, q);
      expect(validAll(schema.params, r.values as Record<string, ParamValue>)).toEqual([]);
      const c = pickControls(schema.params, q.controls);
      if (c.names) for (const n of c.names) expect(keys).toContain(n);
    }), { numRuns: RUNS });
  });

  it('element attributes (lowercased names) parse to valid values', () => {
    fc.assert(fc.property(pairs, (raw) => {
      const r = parseAttributes(schema.params, raw.map(([k, v]) => [k.toLowerCase(), v] as [string, string]));
      expect(validAll(schema.params, r.values as Record<string, ParamValue>)).toEqual([]);
    }), { numRuns: RUNS });
  });

  it('an in-range value is read back exactly, and an out-of-range number is clamped to the bound with a notice', () => {
    for (const [k, spec] of Object.entries(schema.params)) {
      if (spec.kind !== 'int' && spec.kind !== 'float' && spec.kind !== 'log') continue;
      const over = parseParams(schema.params, [[k, String(spec.max * 10 + 1000)]]);
      expect((over.values as Record<string, ParamValue>)[k]).toBe(spec.max);
      expect(over.notices.some((n) => n.startsWith(`${k}:`))).toBe(true);
      const under = parseParams(schema.params, [[k, String(spec.min - 1000)]]);
      expect((under.values as Record<string, ParamValue>)[k]).toBe(spec.min);
    }
  });

  it('writeEmbedQuery -> readEmbedQuery round-trips any valid state', () => {
    const valueArb = (spec: ParamSpec): fc.Arbitrary<ParamValue> => {
      switch (spec.kind) {
        case 'int': return fc.integer({ min: spec.min, max: spec.max });
        case 'float': return fc.integer({ min: 0, max: Math.round((spec.max - spec.min) / spec.step) })
          .map((i) => Math.min(spec.max, Number((spec.min + i * spec.step).toPrecision(6))));
        case 'log': return fc.double({ min: spec.min, max: spec.max, noNaN: true })
          .map((v) => (spec.integer ? Math.round(v) : Number(v.toPrecision(6))))
          .map((v) => Math.min(spec.max, Math.max(spec.min, v)));
        case 'enum': return fc.constantFrom(...spec.options);
        case 'bool': return fc.boolean();
        case 'list': return fc.array(fc.double({ min: spec.min, max: spec.max, noNaN: true }).map((v) => Number(v.toPrecision(6))),
          { minLength: spec.minLength, maxLength: spec.maxLength })
          .map((a) => a.map((v) => Math.min(spec.max, Math.max(spec.min, v))));
      }
    };
    const state = fc.record(Object.fromEntries(Object.entries(schema.params).map(([k, s]) => [k, valueArb(s)])) as Record<string, fc.Arbitrary<ParamValue>>);
    fc.assert(fc.property(state, (values) => {
      const search = writeEmbedQuery(schema.name, schema.params, values, ['seed']);
      const q = readEmbedQuery(search);
      const back = readEmbedParams(schema.params, q);
      expect(back.notices).toEqual([]);
      for (const [k, spec] of Object.entries(schema.params)) {
        expect(formatParam(spec, (back.values as Record<string, ParamValue>)[k])).toBe(formatParam(spec, values[k]));
      }
      expect(q.controls).toEqual(['seed']);
    }), { numRuns: 150 });
  });

  it('coerceValue brings any JavaScript value into the domain', () => {
    const anything = fc.oneof(fc.anything(), fc.double(), fc.array(fc.double()), fc.string());
    fc.assert(fc.property(fc.constantFrom(...keys), anything, (k, v) => {
      const spec = schema.params[k];
      expect(isValidValue(spec, coerceValue(spec, v).value)).toBe(true);
    }), { numRuns: RUNS });
  });
});

describe('readEmbedQuery', () => {
  it('never throws on arbitrary text and reads widget / controls', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      const q = readEmbedQuery(s);
      expect(Array.isArray(q.pairs)).toBe(true);
    }), { numRuns: RUNS });
    const q = readEmbedQuery('?widget=phase-diagram&depth=3&controls=depth,bogus&depth=9');
    expect(q.widget).toBe('phase-diagram');
    expect(q.controls).toEqual(['depth', 'bogus']);
    expect(q.pairs).toEqual([['depth', '3'], ['depth', '9']]);
  });

  it('repeated keys: the last one wins', () => {
    const schema = widgetSchemas['kernel-recursion'];
    const r = readEmbedParams(schema.params, readEmbedQuery('?depth=3&depth=7'));
    expect((r.values as Record<string, ParamValue>).depth).toBe(7);
  });

  it('pickControls keeps schema order, notes unknown names, matches case-insensitively', () => {
    const schema = widgetSchemas['kernel-recursion'];
    const r = pickControls(schema.params, ['activation', 'DEPTH', 'nope']);
    expect(r.names).toEqual(['depth', 'activation']);
    expect(r.notices).toEqual(['controls: unknown control "nope" ignored']);
    expect(pickControls(schema.params, null).names).toBeNull();
    expect(pickControls(schema.params, []).names).toEqual([]);
  });
});
