/**
 * Figure layout inside a widget stage: panels side by side when there is
 * room, stacked on a phone (flex-wrap with a minimum panel width), each panel
 * a legend above a chart; one readout line below all panels.
 */

export interface PanelSlots {
  /** The panel's box. */
  root: HTMLDivElement;
  /** Legend container (above the chart). */
  legend: HTMLDivElement;
  /** Chart container (give it to createChart). */
  chart: HTMLDivElement;
}

export interface FigureLayout {
  root: HTMLDivElement;
  panels: PanelSlots[];
  /** One line of numbers under the panels (aria-live so screen readers hear changes). */
  readout: HTMLParagraphElement;
  destroy(): void;
}

/** Build the layout into `stage`. `minPanelWidth` (px) decides when panels stack. */
export function createFigureLayout(stage: HTMLElement, panelCount: number, minPanelWidth = 300): FigureLayout {
  const doc = stage.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'viz-figure';
  // Bottom-aligned: side-by-side panels share their x-axis line even when one legend wraps to two rows.
  Object.assign(root.style, { display: 'flex', flexWrap: 'wrap', gap: '8px 28px', alignItems: 'flex-end', width: '100%' });
  const panels: PanelSlots[] = [];
  for (let i = 0; i < panelCount; i++) {
    const panel = doc.createElement('div');
    panel.className = 'viz-panel';
    Object.assign(panel.style, { flex: `1 1 ${minPanelWidth}px`, minWidth: '0', display: 'flex', flexDirection: 'column', gap: '4px' });
    const legend = doc.createElement('div');
    legend.className = 'viz-legend';
    const chart = doc.createElement('div');
    chart.className = 'viz-chart';
    Object.assign(chart.style, { width: '100%', position: 'relative' });
    panel.append(legend, chart);
    root.append(panel);
    panels.push({ root: panel, legend, chart });
  }
  const readout = doc.createElement('p');
  readout.className = 'viz-readout';
  readout.setAttribute('aria-live', 'polite');
  Object.assign(readout.style, { flex: '1 1 100%', margin: '0', fontSize: '13px', fontVariantNumeric: 'tabular-nums' });
  root.append(readout);
  stage.append(root);
  return { root, panels, readout, destroy: () => root.remove() };
}
