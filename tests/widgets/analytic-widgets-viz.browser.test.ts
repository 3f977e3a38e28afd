/**
 * Pure helpers of src/viz and of the analytic widgets, checked in the
 * browser (they touch the DOM or canvas, or sit next to code that does).
 */
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import { formatReadout, piTicks, roundSig } from '../../src/viz/format';
import { linePath } from '../../src/viz/line';
import { bandPath } from '../../src/viz/band';
import { cellEdges, rasterize } from '../../src/viz/heatmap';
import { clientToViewBox, viewBoxToClient } from '../../src/viz/pointer';
import { createChart } from '../../src/viz/chart';
import { cobwebPath } from '../../src/widgets/kernel-recursion/map-panel';
import { shallowerDepths } from '../../src/widgets/kernel-recursion/compute';
import { criticalLineOf } from '../../src/widgets/phase-diagram/grid-job';
import { snapTo, variancesAfterKey } from '../../src/widgets/phase-diagram/interaction';
import { withPoint, withoutPoint } from '../../src/widgets/gp-posterior/interaction';

const unit = scaleLinear().domain([0, 1]).range([0, 100]);

describe('viz helpers', () => {
  it('π ticks: multiples of π/k with readable labels', () => {
    const a = piTicks(0, Math.PI, 5);
    expect(a.values.map((v) => roundSig(v, 8))).toEqual([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4, Math.PI].map((v) => roundSig(v, 8)));
    expect(a.values.map(a.format)).toEqual(['0', 'π/4', 'π/2', '3π/4', 'π']);
    const b = piTicks(-Math.PI, Math.PI, 3);
    expect(b.values.map(b.format)).toEqual(['−π', '0', 'π']);
  });

  it('readout numbers: rounding noise shows as 0, infinities as ∞, a real minus sign', () => {
    expect(formatReadout(Math.cos(Math.PI / 2))).toBe('0');
    expect(formatReadout(Infinity)).toBe('∞');
    expect(formatReadout(NaN)).toBe('—');
    expect(formatReadout(-0.5)).toBe('−0.5');
    expect(formatReadout(1 / 3)).toBe('0.333');
  });

  it('line and band paths skip non-finite points instead of writing NaN', () => {
    const d = linePath([0, 0.25, 0.5, 0.75, 1], [0, 1, NaN, 1, 0], unit, unit);
    expect(d).not.toMatch(/NaN/);
    expect(d.match(/M/g)).toHaveLength(2);
    const band = bandPath([0, 0.5, 1], [0, Infinity, 0], [1, 1, 1], unit, unit);
    expect(band).not.toMatch(/NaN|Infinity/);
    expect(linePath([], [], unit, unit)).toBe('');
  });

  it('heatmap raster: row 0 of the grid is the bottom row of the image', async () => {
    const href = rasterize([[0, 0], [1, 1]], (v) => (v === 0 ? 'rgb(255, 0, 0)' : 'rgb(0, 0, 255)'));
    const img = new Image();
    img.src = href;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 2; canvas.height = 2;
    const c = canvas.getContext('2d')!;
    c.drawImage(img, 0, 0);
    expect(Array.from(c.getImageData(0, 1, 1, 1).data)).toEqual([255, 0, 0, 255]); // bottom: row 0
    expect(Array.from(c.getImageData(0, 0, 1, 1).data)).toEqual([0, 0, 255, 255]); // top: row 1
    expect(cellEdges([0, 1, 2])).toEqual([-0.5, 2.5]);
  });

  it('pointer mapping is right under CSS transform: scale(0.5) and round-trips', () => {
    const wrap = document.createElement('div');
    wrap.style.cssText = 'position:absolute;left:40px;top:30px;width:400px;transform:scale(0.5);transform-origin:0 0';
    wrap.innerHTML = '<svg viewBox="0 0 400 200" style="display:block;width:100%;height:auto"></svg>';
    document.body.append(wrap);
    const svg = wrap.querySelector('svg')!;
    const rect = svg.getBoundingClientRect();
    expect(rect.width).toBeCloseTo(200, 5);
    const [vx, vy] = clientToViewBox(svg, rect.left + 50, rect.top + 25);
    expect(vx).toBeCloseTo(100, 5);
    expect(vy).toBeCloseTo(50, 5);
    const [cx, cy] = viewBoxToClient(svg, 300, 150);
    expect(clientToViewBox(svg, cx, cy).map((v) => roundSig(v, 9))).toEqual([300, 150]);
    wrap.remove();
  });

  it('chart frame: viewBox = container width, height from the aspect within bounds', () => {
    const box = document.createElement('div');
    box.style.width = '600px';
    document.body.append(box);
    const chart = createChart(box, { aspect: 2, minHeight: 200, maxHeight: 420, label: 'test' });
    expect(chart.svg.viewBox.baseVal.width).toBe(600);
    expect(chart.svg.viewBox.baseVal.height).toBe(300);
    expect(chart.size().innerWidth).toBe(600 - chart.size().margin.left - chart.size().margin.right);
    chart.destroy();
    box.style.width = '300px';
    const narrow = createChart(box, { aspect: 2, minHeight: 200, maxHeight: 420, label: 'test' });
    expect(narrow.svg.viewBox.baseVal.height).toBe(200); // clamped up for phones
    narrow.destroy();
    expect(box.childElementCount).toBe(0);
    box.remove();
  });
});

describe('widget helpers', () => {
  it('cobweb: vertical to the curve, horizontal to the identity', () => {
    expect(cobwebPath([0, 0.5, 0.7])).toEqual({ x: [0, 0, 0.5, 0.5, 0.7], y: [0, 0.5, 0.5, 0.7, 0.7] });
    expect(cobwebPath([])).toEqual({ x: [], y: [] });
  });

  it('shallower depths: powers of two below the chosen depth, at most five', () => {
    expect(shallowerDepths(1)).toEqual([]);
    expect(shallowerDepths(3)).toEqual([1, 2]);
    expect(shallowerDepths(10)).toEqual([1, 2, 4, 8]);
    expect(shallowerDepths(50)).toEqual([2, 4, 8, 16, 32]);
  });

  it('critical line by interpolating χ₁ along rows; exact for a linear χ₁ (ReLU: σ_w²/2)', () => {
    const w = [0.5, 1.5, 2.5, 3.5];
    const line = criticalLineOf(w, [0, 0.1], [w.map((v) => v / 2), w.map((v) => v / 2)]);
    expect(line).toEqual([{ biasVariance: 0, weightVariance: 2 }, { biasVariance: 0.1, weightVariance: 2 }]);
    expect(criticalLineOf(w, [0], [[0.1, 0.2, 0.3, 0.4]])).toEqual([]);
    // No line is drawn across an undefined cell.
    expect(criticalLineOf(w, [0], [[0.5, NaN, 2, 3]])).toEqual([]);
    expect(criticalLineOf(w, [0], [[0.5, 0.8, 1, 3]])).toEqual([{ biasVariance: 0, weightVariance: 2.5 }]);
  });

  it('marker keys: one step, ten with Shift, clamped to the ranges; other keys ignored', () => {
    expect(snapTo(1.234, { min: 0.1, max: 4, step: 0.01 })).toBe(1.23);
    expect(variancesAfterKey('ArrowLeft', false, { weightVariance: 0.1, biasVariance: 0 })).toEqual({ weightVariance: 0.1 });
    expect(variancesAfterKey('ArrowUp', true, { weightVariance: 1, biasVariance: 0.48 })).toEqual({ biasVariance: 0.5 });
    expect(variancesAfterKey('ArrowRight', true, { weightVariance: 1.76, biasVariance: 0 })).toEqual({ weightVariance: 1.86 });
    expect(variancesAfterKey('a', false, { weightVariance: 1, biasVariance: 0 })).toBeNull();
  });

  it('training-set edits: clamp to the schema ranges, at most 40 points', () => {
    expect(withPoint({ x: [], y: [] }, 3.5, -4)).toEqual({ x: [3.142], y: [-3] });
    const full = { x: Array.from({ length: 40 }, (_, i) => i / 20 - 1), y: Array.from({ length: 40 }, () => 0) };
    expect(withPoint(full, 0, 0)).toBeNull();
    expect(withoutPoint({ x: [1, 2, 3], y: [4, 5, 6] }, 1)).toEqual({ x: [1, 3], y: [4, 6] });
  });
});
