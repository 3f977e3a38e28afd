/** Pure helpers behind the controls: step snapping, log steps, seeds, formatting, snippets, ToC. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { snapToStep } from '../../src/ui/controls/slider';
import { logPosition, logStep, logValue } from '../../src/ui/controls/log-slider';
import { nextSeed } from '../../src/ui/seed';
import { decimalsOf, formatValue, formatWithUnit } from '../../src/ui/format';
import { elementSnippet, escapeAttribute, iframeSnippet } from '../../src/ui/embed-snippet';
import { activeIndex } from '../../src/article/toc';
import { isWidgetKey } from '../../src/ui/keys';
import { fitScale, MIN_SCALE, readableScale } from '../../src/ui/fit';
import type { LogSpec } from '../../src/ui/params';

const width: LogSpec = { kind: 'log', min: 8, max: 4096, default: 256, integer: true, label: 'width n', unit: 'units' };

describe('linear slider', () => {
  it('snaps onto min + k*step and stays in range', () => {
    expect(snapToStep(0.123, 0, 2, 0.05)).toBe(0.1);
    expect(snapToStep(1.76, 0.1, 4, 0.01)).toBe(1.76);
    expect(snapToStep(9, 0, 2, 0.05)).toBe(2);
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (v) => {
      const s = snapToStep(v, 0.1, 4, 0.05);
      expect(s).toBeGreaterThanOrEqual(0.1);
      expect(s).toBeLessThanOrEqual(4);
      expect(Math.abs((s - 0.1) / 0.05 - Math.round((s - 0.1) / 0.05))).toBeLessThan(1e-9);
    }));
  });
});

describe('log slider', () => {
  it('moves in factor steps and clamps at the ends', () => {
    expect(logStep(width, 256, 1)).toBe(512);
    expect(logStep(width, 256, -1)).toBe(128);
    expect(logStep(width, 4096, 1)).toBe(4096);
    expect(logStep(width, 8, -2)).toBe(8);
    expect(logStep({ ...width, factor: 4 }, 16, 1)).toBe(64);
  });
  it('track position and value are inverse (up to integer rounding)', () => {
    expect(logPosition(width, 8)).toBe(0);
    expect(logPosition(width, 4096)).toBeCloseTo(9, 12);
    fc.assert(fc.property(fc.integer({ min: 8, max: 4096 }), (v) => {
      expect(logValue(width, logPosition(width, v))).toBe(v);
    }));
  });
});

describe('nextSeed', () => {
  it('is deterministic, in range and never repeats the current seed', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99999 }), (s) => {
      const n = nextSeed(s);
      expect(n).toBe(nextSeed(s));
      expect(n).not.toBe(s);
      expect(Number.isInteger(n) && n >= 0 && n <= 99999).toBe(true);
    }));
    expect(nextSeed(5, 5, 5)).toBe(5);
  });
  it('spreads consecutive seeds (not s+1)', () => {
    const seen = new Set(Array.from({ length: 50 }, (_, i) => nextSeed(i)));
    expect(seen.size).toBe(50);
    expect(nextSeed(1)).not.toBe(2);
  });
});

describe('formatting', () => {
  it('uses the decimals of the step', () => {
    expect(decimalsOf(0.05)).toBe(2);
    expect(decimalsOf(0.005)).toBe(3);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(1)).toBe(0);
    expect(formatValue({ kind: 'float', min: 0, max: 1, step: 0.005, default: 0, label: 'x' }, 0.1)).toBe('0.100');
    expect(formatValue({ kind: 'enum', options: ['relu'], optionLabels: { relu: 'ReLU' }, default: 'relu', label: 'a' }, 'relu')).toBe('ReLU');
    expect(formatWithUnit(width, 512)).toBe('512 units');
    expect(formatValue({ kind: 'bool', default: true, label: 'b' }, false)).toBe('off');
  });
});

describe('embed snippets', () => {
  it('escape attribute values', () => {
    expect(escapeAttribute('a"b<c>&')).toBe('a&quot;b&lt;c&gt;&amp;');
    const s = iframeSnippet('https://x.org/embed.html?widget=a&b="1"', 'T "q"');
    expect(s).toContain('src="https://x.org/embed.html?widget=a&amp;b=&quot;1&quot;"');
    expect(s).toContain('title="T &quot;q&quot;"');
  });
  it('element snippet has the script and the element', () => {
    const s = elementSnippet('https://x.org/assets/widgets.js', 'ntk-kernel-recursion', [['depth', '10']]);
    expect(s).toBe('<script type="module" src="https://x.org/assets/widgets.js"></script>\n<ntk-kernel-recursion depth="10"></ntk-kernel-recursion>');
  });
});

describe('ToC active section', () => {
  it('is the last heading above the reading line', () => {
    expect(activeIndex([500, 900], 200)).toBe(-1);
    expect(activeIndex([-800, 100, 900], 200)).toBe(1);
    expect(activeIndex([-800, -100, 150], 200)).toBe(2);
  });
});

describe('widget keys', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}): KeyboardEvent => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods }) as KeyboardEvent;
  it('keeps arrows, paging, Enter, Space, Delete inside; lets Tab, Escape and shortcuts out', () => {
    for (const k of ['ArrowLeft', 'ArrowUp', 'PageDown', 'Home', 'End', 'Enter', ' ', 'Delete', 'Backspace']) expect(isWidgetKey(key(k))).toBe(true);
    for (const k of ['Tab', 'Escape', 'f', 'F5']) expect(isWidgetKey(key(k))).toBe(false);
    expect(isWidgetKey(key('ArrowLeft', { ctrlKey: true }))).toBe(false);
  });
});

describe('fitScale', () => {
  it('shrinks to the tighter dimension and never enlarges', () => {
    expect(fitScale({ width: 800, height: 300 }, { width: 800, height: 600 })).toBe(0.5);
    expect(fitScale({ width: 400, height: 900 }, { width: 800, height: 600 })).toBe(0.5);
    expect(fitScale({ width: 1600, height: 1200 }, { width: 800, height: 600 })).toBe(1);
    expect(fitScale({ width: 0, height: 100 }, { width: 800, height: 600 })).toBe(1);
  });
});

describe('readableScale', () => {
  it('fits when the fit is legible, otherwise stops at MIN_SCALE and scrolls (a five-panel figure in 800x520 was shrunk to 0.3x)', () => {
    expect(readableScale({ width: 800, height: 450 }, { width: 800, height: 600 })).toEqual({ scale: 0.75, scroll: false });
    expect(readableScale({ width: 800, height: 390 }, { width: 776, height: 1500 })).toEqual({ scale: MIN_SCALE, scroll: true });
    // Never wider than the box, even when that is below the floor.
    const narrow = readableScale({ width: 200, height: 100 }, { width: 400, height: 1000 });
    expect(narrow.scale).toBe(0.5);
    expect(narrow.scroll).toBe(true);
    expect(readableScale({ width: 1600, height: 1200 }, { width: 800, height: 600 })).toEqual({ scale: 1, scroll: false });
  });
});
