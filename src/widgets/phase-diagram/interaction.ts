/**
 * Moving the marker over the (σ_w², σ_b²) plane: pointer drag and arrow keys.
 * Pointer positions go through the SVG's rendered box and viewBox, so they
 * are right under CSS transforms (reveal.js). The widget only asks the host
 * to change the parameters (ctx.setParams); the host calls update().
 */
import type { Chart } from '../../viz/chart';
import { clientToViewBox } from '../../viz/pointer';
import type { PlaneScales } from './heatmap-panel';
import { phaseDiagramParams, type PhaseDiagramParams } from './schema';

type Variances = Pick<PhaseDiagramParams, 'weightVariance' | 'biasVariance'>;

const W = phaseDiagramParams.weightVariance;
const B = phaseDiagramParams.biasVariance;

/** Snap onto min + k·step inside [min, max], with tidy decimals. */
export function snapTo(v: number, spec: { min: number; max: number; step: number }): number {
  const k = Math.round((Math.min(spec.max, Math.max(spec.min, v)) - spec.min) / spec.step);
  return Math.min(spec.max, Number((spec.min + k * spec.step).toPrecision(12)));
}

/** The variances under a client (viewport) point, snapped to the parameter steps. */
export function variancesAt(chart: Chart, scales: PlaneScales, clientX: number, clientY: number): Variances {
  const [vx, vy] = clientToViewBox(chart.svg, clientX, clientY);
  const { margin } = chart.size();
  return {
    weightVariance: snapTo(scales.x.invert(vx - margin.left), W),
    biasVariance: snapTo(scales.y.invert(vy - margin.top), B),
  };
}

/** New variances after an arrow key (one parameter step, ten with Shift), or null for other keys. */
export function variancesAfterKey(key: string, shift: boolean, current: Variances): Partial<Variances> | null {
  const k = shift ? 10 : 1;
  switch (key) {
    case 'ArrowRight': return { weightVariance: snapTo(current.weightVariance + k * W.step, W) };
    case 'ArrowLeft': return { weightVariance: snapTo(current.weightVariance - k * W.step, W) };
    case 'ArrowUp': return { biasVariance: snapTo(current.biasVariance + k * B.step, B) };
    case 'ArrowDown': return { biasVariance: snapTo(current.biasVariance - k * B.step, B) };
    case 'Home': return { weightVariance: W.min };
    case 'End': return { weightVariance: W.max };
    default: return null;
  }
}

export interface PlaneInteraction { destroy(): void }

/**
 * Attach drag and keyboard handling to the heatmap chart's SVG (made
 * focusable). `scales()` and `params()` read the latest state at event time.
 */
export function attachPlaneInteraction(
  chart: Chart, scales: () => PlaneScales | null, params: () => Variances, setParams: (patch: Partial<Variances>) => void,
): PlaneInteraction {
  const svg = chart.svg;
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-roledescription', 'two-dimensional slider');
  svg.style.touchAction = 'none';
  svg.style.cursor = 'crosshair';
  let dragging: number | null = null;

  const moveTo = (e: PointerEvent): void => {
    const s = scales();
    if (!s) return;
    const next = variancesAt(chart, s, e.clientX, e.clientY);
    const cur = params();
    if (next.weightVariance !== cur.weightVariance || next.biasVariance !== cur.biasVariance) setParams(next);
  };
  const onDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const s = scales();
    if (!s) return;
    const [vx, vy] = clientToViewBox(svg, e.clientX, e.clientY);
    const { margin, innerWidth, innerHeight } = chart.size();
    const px = vx - margin.left;
    const py = vy - margin.top;
    if (px < -6 || py < -6 || px > innerWidth + 6 || py > innerHeight + 6) return;
    e.preventDefault();
    svg.focus({ preventScroll: true });
    dragging = e.pointerId;
    try { svg.setPointerCapture(e.pointerId); } catch { /* synthetic events have no active pointer */ }
    moveTo(e);
  };
  const onMove = (e: PointerEvent): void => {
    if (dragging !== e.pointerId) return;
    e.preventDefault();
    moveTo(e);
  };
  const onUp = (e: PointerEvent): void => {
    if (dragging !== e.pointerId) return;
    dragging = null;
    try { svg.releasePointerCapture(e.pointerId); } catch { /* not captured */ }
  };
  const onKey = (e: KeyboardEvent): void => {
    const patch = variancesAfterKey(e.key, e.shiftKey, params());
    if (!patch) return;
    e.preventDefault();
    e.stopPropagation();
    setParams(patch);
  };
  svg.addEventListener('pointerdown', onDown);
  svg.addEventListener('pointermove', onMove);
  svg.addEventListener('pointerup', onUp);
  svg.addEventListener('pointercancel', onUp);
  svg.addEventListener('keydown', onKey);
  return {
    destroy() {
      svg.removeEventListener('pointerdown', onDown);
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerup', onUp);
      svg.removeEventListener('pointercancel', onUp);
      svg.removeEventListener('keydown', onKey);
    },
  };
}
