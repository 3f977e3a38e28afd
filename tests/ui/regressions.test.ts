/**
 * Regressions found by breaking the embed page and the analytic widgets with
 * hostile URLs and API calls (each test failed before its fix).
 */
import { describe, expect, it } from 'vitest';
import { type ListSpec, type ParamValue, parseParam, parseParams } from '../../src/ui/params';
import { coerceValue } from '../../src/ui/coerce';
import { ownValue, readEmbedParams, readEmbedQuery } from '../../src/ui/url-state';
import { widgetSchemas } from '../../src/widgets/schemas';
import { kernelRecursionParams } from '../../src/widgets/kernel-recursion/schema';
import { gpPosteriorParams } from '../../src/widgets/gp-posterior/schema';

const kr = widgetSchemas['kernel-recursion'];

describe('numbers too large for a double', () => {
  it('are clamped to the range like any out-of-range number, not replaced by the default', () => {
    // depth=1e308 gave 50 but depth=1e309 gave the default 3 ("not a number").
    for (const raw of ['1e309', '9'.repeat(400), '+1E400']) {
      const r = parseParam(kernelRecursionParams.depth, raw, 'depth');
      expect(r.value).toBe(50);
      expect(r.invalid).toBeUndefined();
      expect(r.notice).toMatch(/^depth: .* is outside \[1, 50\]; using 50$/);
    }
    expect(parseParam(kernelRecursionParams.weightVariance, '-1e309', 'w').value).toBe(0.1);
  });

  it('in a list are clamped, not dropped', () => {
    const r = parseParam(gpPosteriorParams.trainX, '1e400,-1e400,0.5', 'trainX');
    expect(r.value).toEqual([3.14159, -3.14159, 0.5]);
    expect(r.notice).toContain('clamped to 3.14159');
  });
});

describe('notices about absurd input stay short', () => {
  it('a 5000-character value is quoted in at most 40 characters', () => {
    for (const spec of [kernelRecursionParams.depth, kernelRecursionParams.activation, kernelRecursionParams.normalize, gpPosteriorParams.trainX]) {
      const r = parseParam(spec, 'x'.repeat(5000), 'p');
      expect(r.notice).toBeDefined();
      expect(r.notice!.length).toBeLessThan(120);
    }
  });

  it('a list of 10000 bad entries gives one short notice that still reports the length', () => {
    const spec: ListSpec = { ...gpPosteriorParams.trainX, maxLength: 40 };
    const raw = Array.from({ length: 10000 }, (_, i) => (i % 2 ? 'abc' : '7')).join(',');
    const r = parseParam(spec, raw, 'trainX');
    expect((r.value as number[]).length).toBe(40);
    expect(r.notice!.length).toBeLessThan(400);
    expect(r.notice).toContain('5000 entries, at most 40 kept');
    expect(r.notice).toMatch(/\d+ more entries not numbers or out of range/);
  });
});

describe('coerceValue (element.setParams) for list parameters', () => {
  it('reads a string like an attribute value instead of silently emptying the list', () => {
    // setParams({ trainX: '0.5,-1' }) used to give [] with no notice.
    expect(coerceValue(gpPosteriorParams.trainX, '0.5,-1').value).toEqual([0.5, -1]);
    expect(coerceValue(gpPosteriorParams.trainX, 2).value).toEqual([2]);
    const bad = coerceValue(gpPosteriorParams.trainX, 'oops');
    expect(bad.value).toEqual([]);
    expect(bad.notice).toContain('"oops" is not a number');
  });

  it('still reads strings for numbers and booleans', () => {
    expect(coerceValue(kernelRecursionParams.depth, '7').value).toBe(7);
    expect(coerceValue(kernelRecursionParams.normalize, 'false').value).toBe(false);
  });
});

describe('embed URL', () => {
  const read = (search: string) => readEmbedParams(kr.params, readEmbedQuery(search));
  const values = (search: string) => read(search).values as Record<string, ParamValue>;

  it('a repeated key: the last value wins and no notice describes an unused value', () => {
    const r = read('?widget=kernel-recursion&depth=3&depth=70&depth=5');
    expect((r.values as Record<string, ParamValue>).depth).toBe(5);
    expect(r.notices).toEqual(['depth is given 3 times; the last value is used']);
  });

  it('keys match case-insensitively, like the element attributes', () => {
    const r = read('?widget=kernel-recursion&weightvariance=3&DEPTH=9');
    expect(r.notices).toEqual([]);
    expect(values('?weightvariance=3&DEPTH=9')).toMatchObject({ weightVariance: 3, depth: 9 });
    // Unknown keys are still reported.
    expect(read('?weightvar=3').notices).toEqual(['unknown parameter "weightvar" ignored']);
  });

  it('parseParams itself is unchanged (exact keys only)', () => {
    expect(parseParams(kr.params, [['weightvariance', '3']]).unknown).toEqual(['weightvariance']);
  });

  it('widget names are own keys only: Object.prototype members are unknown widgets', () => {
    // ?widget=__proto__ / constructor / toString threw "Cannot convert undefined or null to object".
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(ownValue(widgetSchemas, name)).toBeUndefined();
    }
    expect(ownValue(widgetSchemas, 'gp-posterior')?.tag).toBe('ntk-gp-posterior');
  });
});
