/**
 * Panel (b): the first eigenfunctions of the analytic NTK over x, by the
 * Nystrom extension phi_i(x) = sum_a Theta(x, x_a) v_ia / lambda_i, drawn one
 * above the other (top mode on top) and scaled by sqrt(N) so each has unit
 * mean square on the training inputs. Dots: the eigenvector values sqrt(N) v_ia
 * at the training inputs, which the curves pass through. Each row is labelled
 * with its mode and dominant frequency k.
 */
import { scaleLinear } from 'd3';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { piTicks } from '../../viz/format';
import { layer } from '../../viz/layer';
import { drawLines, type LineSeries } from '../../viz/line';
import { fontSize } from '../../viz/theme';
import { modeColor, subscript } from './styles';

export interface EigenfunctionInput {
  grid: number[];
  /** [mode][m] over grid, and [mode][a] at the training inputs. */
  eigenfunctions: number[][];
  eigenvectors: number[][];
  trainXs: number[];
  frequencies: number[];
}

/** Vertical distance between rows, in units of the scaled eigenfunctions. */
export const ROW_SPACING = 3.2;

export function drawEigenfunctionPanel(chart: Chart, input: EigenfunctionInput): { scaled: number[][] } {
  const size = chart.size();
  const rows = input.eigenfunctions.length;
  const n = input.trainXs.length;
  const scale = Math.sqrt(n);
  const offset = (i: number) => (rows - 1 - i) * ROW_SPACING;
  const x = scaleLinear().domain([-Math.PI, Math.PI]).range([0, size.innerWidth]);
  const y = scaleLinear().domain([-ROW_SPACING / 2 - 0.3, offset(0) + ROW_SPACING / 2 + 0.3]).range([size.innerHeight, 0]);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'input x', yLabel: '√N ψᵢ(x), one row per mode', grid: false,
    xTicks: piTicks(-Math.PI, Math.PI, Math.max(3, Math.floor(size.innerWidth / 55))),
    yTicks: { values: [], format: String },
  });
  const scaled = input.eigenfunctions.map((row) => row.map((v) => v * scale));
  layer(chart.plot, 'baselines').selectAll('line').data(scaled.map((_, i) => i)).join('line')
    .attr('x1', 0).attr('x2', size.innerWidth).attr('y1', (i) => y(offset(i))).attr('y2', (i) => y(offset(i)))
    .attr('stroke', 'currentColor').attr('stroke-opacity', 0.15);
  const lines: LineSeries[] = scaled.map((row, i) => ({
    key: `phi-${i}`, x: input.grid, y: row.map((v) => v + offset(i)), color: modeColor(i), width: 1.8, className: `eigenfunction eigenfunction-${i}`,
  }));
  drawLines(layer(chart.plot, 'lines'), lines, x, y);
  const dots = input.eigenvectors.flatMap((v, i) => v.map((value, a) => ({ i, x: input.trainXs[a], y: value * scale + offset(i) })));
  layer(chart.plot, 'dots').selectAll('circle').data(dots).join('circle')
    .attr('class', 'eigenvector-value')
    .attr('cx', (d) => x(d.x)).attr('cy', (d) => y(d.y)).attr('r', 2)
    .attr('fill', (d) => modeColor(d.i)).attr('stroke', '#fff').attr('stroke-width', 0.6);
  layer(chart.plot, 'row-labels').selectAll('text').data(scaled.map((_, i) => i)).join('text')
    .attr('class', 'mode-label')
    .attr('x', -6).attr('y', (i) => y(offset(i)) + 4).attr('text-anchor', 'end')
    .attr('font-size', fontSize.annotation).attr('fill', (i) => modeColor(i))
    .text((i) => `ψ${subscript(i + 1)} k=${input.frequencies[i]}`);
  return { scaled };
}
