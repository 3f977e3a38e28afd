/**
 * The widget's readout lines, as plain text from plain data (no DOM):
 * the heatmap network's relative error, the two methods' timings and
 * agreement, and the sweep's fitted slope or progress.
 */
import type { NtkHeatmapsData } from '../../nn/experiments/ntk-heatmaps';
import { formatReadout } from '../../viz/format';
import { formatWidth } from './heatmap-panel';
import type { SweepView } from './loglog-panel';

const METHOD_NAME = { structured: 'structured derivatives', generic: 'Jacobian contraction' } as const;

function ms(v: number): string {
  return v >= 100 ? `${Math.round(v).toLocaleString('en-US')} ms` : `${formatReadout(v, 2)} ms`;
}

/** "relative error ‖Θ̂ − Θ‖_F / ‖Θ‖_F = 0.137 at width 1,024 (depth 2, 1,053,697 parameters)". */
export function errorReadout(d: NtkHeatmapsData | undefined): string {
  if (!d) return 'relative error ‖Θ̂ − Θ‖_F / ‖Θ‖_F: computing…';
  const net = `width ${formatWidth(d.width)}, depth ${d.depth}, ${d.numParams.toLocaleString('en-US')} parameters`;
  if (d.refusal) return `relative error: not computed (${METHOD_NAME.generic} refused; ${net})`;
  if (d.relativeError === null) return `relative error ‖Θ̂ − Θ‖_F / ‖Θ‖_F: computing… (${net})`;
  return `relative error ‖Θ̂ − Θ‖_F / ‖Θ‖_F = ${formatReadout(d.relativeError)} (${net})`;
}

/** Timings of both methods, their ratio and agreement, or why one was not run. */
export function methodsReadout(d: NtkHeatmapsData | undefined): string {
  if (!d) return '';
  const { structuredMs, genericMs, genericOverStructured } = d.timings;
  const s = structuredMs === null ? `${METHOD_NAME.structured}: …` : `${METHOD_NAME.structured} ${ms(structuredMs)}`;
  let g: string;
  if (genericMs !== null) g = `${METHOD_NAME.generic} ${ms(genericMs)}`;
  else if (!d.generic.allowed) {
    g = `${METHOD_NAME.generic}: not run (its Jacobian would need ${Math.round(d.generic.jacobianBytes / 1e6).toLocaleString('en-US')} MB; `
      + `limit ${Math.round(d.generic.limitBytes / 1e6)} MB, width ≤ ${formatWidth(d.generic.maxWidth)} at depth ${d.depth})`;
  } else g = `${METHOD_NAME.generic}: Jacobian rows ${d.generic.rowsDone}/${d.xs.length}…`;
  const parts = d.method === 'structured' ? [s, g] : [g, s];
  let text = `time for Θ̂: ${parts.join(' · ')}`;
  if (genericOverStructured !== null) text += ` · ratio ${formatReadout(genericOverStructured, 3)}×`;
  if (d.agreement) {
    text += ` · the two agree: max |difference| = ${formatReadout(d.agreement.maxAbsDifference, 2)}`
      + ` (${formatReadout(d.agreement.relativeMax, 2)} of the largest entry)`;
  }
  return text;
}

/** Fitted slope over the complete widths, or the sweep's progress. */
export function sweepReadout(sweep: SweepView | undefined, progress: { done: number; total: number } | null): string {
  const running = progress && progress.done < progress.total;
  const fit = sweep?.fit;
  const fitText = fit
    ? `fitted slope ${formatReadout(fit.slope, 2)} (r² = ${formatReadout(fit.r2, 2)}; theory −1/2)`
    : 'fitted slope: needs two finished widths';
  if (!running) return `error against width, ${sweep?.seeds ?? '…'} networks per width: ${fitText}`;
  const w = sweep?.widths[Math.min(sweep.widths.length - 1, Math.floor(progress.done / Math.max(1, sweep.seeds)))];
  return `error against width: ${progress.done}/${progress.total} networks${w ? ` (now width ${formatWidth(w)})` : ''} · ${fitText}`;
}
