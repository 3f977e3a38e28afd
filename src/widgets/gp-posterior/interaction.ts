/**
 * Editing the training set: a click on empty plot adds a point, a click on a
 * point removes it; with the keyboard the plot is focusable, arrows move a
 * cursor (Shift: larger steps), Enter adds a point at the cursor and
 * Delete/Backspace removes the training point nearest to it. Edits go to the
 * host through setParams({ trainX, trainY }); data flows back via update().
 */
import type { Chart } from '../../viz/chart';
import { clientToViewBox, viewBoxUnitsPerPixel } from '../../viz/pointer';
import type { Cursor, GpScales } from './gp-panel';
import { gpPosteriorParams } from './schema';

const XS = gpPosteriorParams.trainX;
const YS = gpPosteriorParams.trainY;
/** Cursor steps: x in radians, y in output units (Shift multiplies by 4). */
export const CURSOR_STEP = { x: Math.PI / 32, y: 0.1 } as const;

export interface TrainingSet { x: number[]; y: number[] }

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The training set with (x, y) appended (clamped to the schema's ranges), or null when full. */
export function withPoint(set: TrainingSet, x: number, y: number): TrainingSet | null {
  if (set.x.length >= XS.maxLength) return null;
  return { x: [...set.x, round3(clamp(x, XS.min, XS.max))], y: [...set.y, round3(clamp(y, YS.min, YS.max))] };
}

export function withoutPoint(set: TrainingSet, index: number): TrainingSet {
  return { x: set.x.filter((_, i) => i !== index), y: set.y.filter((_, i) => i !== index) };
}

/** Index of the training point nearest to (px, py) in plot pixels, and its distance. */
export function nearestPoint(set: TrainingSet, scales: GpScales, px: number, py: number): { index: number; distance: number } {
  let index = -1;
  let distance = Infinity;
  set.x.forEach((tx, i) => {
    const d = Math.hypot(scales.x(tx) - px, scales.y(set.y[i]) - py);
    if (d < distance) { distance = d; index = i; }
  });
  return { index, distance };
}

export interface GpInteractionState {
  scales(): GpScales | null;
  training(): TrainingSet;
  cursor: Cursor;
  /** Redraw only the cursor and readout (no recompute). */
  cursorMoved(): void;
  commit(set: TrainingSet): void;
  full(): void;
}

export function attachGpInteraction(chart: Chart, state: GpInteractionState): { destroy(): void } {
  const svg = chart.svg;
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('role', 'application');
  svg.setAttribute('aria-roledescription', 'editable plot');
  svg.style.cursor = 'crosshair';

  const toPlot = (clientX: number, clientY: number): [number, number] => {
    const [vx, vy] = clientToViewBox(svg, clientX, clientY);
    const { margin } = chart.size();
    return [vx - margin.left, vy - margin.top];
  };
  const onClick = (e: MouseEvent): void => {
    const s = state.scales();
    if (!s) return;
    const [px, py] = toPlot(e.clientX, e.clientY);
    const { innerWidth, innerHeight } = chart.size();
    const set = state.training();
    const hitRadius = Math.max(9, 8 * viewBoxUnitsPerPixel(svg));
    const near = nearestPoint(set, s, px, py);
    if (near.index >= 0 && near.distance <= hitRadius) {
      state.commit(withoutPoint(set, near.index));
      return;
    }
    if (px < 0 || py < 0 || px > innerWidth || py > innerHeight) return;
    const x = s.x.invert(px);
    const y = s.y.invert(py);
    const next = withPoint(set, x, y);
    if (!next) { state.full(); return; }
    state.cursor.x = clamp(x, XS.min, XS.max);
    state.cursor.y = clamp(y, YS.min, YS.max);
    state.commit(next);
  };
  const onKey = (e: KeyboardEvent): void => {
    const k = e.shiftKey ? 4 : 1;
    const c = state.cursor;
    switch (e.key) {
      case 'ArrowLeft': c.x = clamp(c.x - k * CURSOR_STEP.x, XS.min, XS.max); break;
      case 'ArrowRight': c.x = clamp(c.x + k * CURSOR_STEP.x, XS.min, XS.max); break;
      case 'ArrowUp': c.y = clamp(round3(c.y + k * CURSOR_STEP.y), YS.min, YS.max); break;
      case 'ArrowDown': c.y = clamp(round3(c.y - k * CURSOR_STEP.y), YS.min, YS.max); break;
      case 'Enter': case ' ': {
        const next = withPoint(state.training(), c.x, c.y);
        if (next) state.commit(next); else state.full();
        break;
      }
      case 'Delete': case 'Backspace': {
        const s = state.scales();
        const set = state.training();
        if (s && set.x.length) state.commit(withoutPoint(set, nearestPoint(set, s, s.x(c.x), s.y(c.y)).index));
        break;
      }
      default: return;
    }
    e.preventDefault();
    e.stopPropagation();
    c.visible = true;
    state.cursorMoved();
  };
  // Show the cursor for keyboard focus only (a mouse click focuses the plot too).
  const onFocus = (): void => { state.cursor.visible = svg.matches(':focus-visible'); state.cursorMoved(); };
  const onBlur = (): void => { state.cursor.visible = false; state.cursorMoved(); };
  svg.addEventListener('click', onClick);
  svg.addEventListener('keydown', onKey);
  svg.addEventListener('focus', onFocus);
  svg.addEventListener('blur', onBlur);
  return {
    destroy() {
      svg.removeEventListener('click', onClick);
      svg.removeEventListener('keydown', onKey);
      svg.removeEventListener('focus', onFocus);
      svg.removeEventListener('blur', onBlur);
    },
  };
}
