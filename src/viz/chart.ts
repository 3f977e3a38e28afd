/**
 * A responsive SVG frame with margins (Observable Plot's "frame"): the SVG's
 * viewBox equals the container's layout width (ResizeObserver) and a height
 * from the aspect ratio, clamped for phones and large screens. Because the
 * viewBox is in layout pixels, text keeps its size; because the SVG is
 * `width: 100%` with a viewBox, it still scales under CSS transforms
 * (reveal.js slides) — pointer positions then go through `pointer.ts`.
 */
import { select, type Selection } from 'd3';
import { fontSize } from './theme';

export interface Margin { top: number; right: number; bottom: number; left: number }

export interface ChartOptions {
  /** Width / height of the whole SVG. */
  aspect: number;
  /** Height bounds in CSS px (defaults 200 and 420). */
  minHeight?: number;
  maxHeight?: number;
  /** Space for axes and labels around the plotting area. */
  margin?: Partial<Margin>;
  /** Accessible name of the chart. */
  label: string;
  /** Width used when the container has no layout yet (hidden, detached). */
  fallbackWidth?: number;
}

/** Current geometry, all in viewBox units (= CSS px at scale 1). */
export interface ChartSize {
  width: number; height: number; margin: Margin;
  /** Plotting area inside the margins. */
  innerWidth: number; innerHeight: number;
}

export interface Chart {
  readonly svg: SVGSVGElement;
  /** Group translated to the top-left of the plotting area. */
  readonly plot: Selection<SVGGElement, unknown, null, undefined>;
  size(): ChartSize;
  /** Called after the container's width changed (not on mount). */
  onResize(callback: (size: ChartSize) => void): void;
  /** Show a centred message over the plot (e.g. why nothing is drawn), or hide it with null. */
  message(text: string | null): void;
  destroy(): void;
}

const DEFAULT_MARGIN: Margin = { top: 22, right: 14, bottom: 40, left: 44 };

export function createChart(container: HTMLElement, options: ChartOptions): Chart {
  const margin: Margin = { ...DEFAULT_MARGIN, ...options.margin };
  const minH = options.minHeight ?? 200;
  const maxH = options.maxHeight ?? 420;
  const svg = select(container).append('svg')
    .attr('role', 'img')
    .attr('aria-label', options.label)
    .attr('font-size', fontSize.tick)
    .attr('font-family', 'inherit')
    .attr('fill', 'currentColor')
    .style('display', 'block')
    .style('width', '100%')
    .style('height', 'auto')
    .style('overflow', 'visible')
    .style('user-select', 'none')
    .style('-webkit-user-select', 'none');
  const plot = svg.append('g').attr('class', 'plot');
  const note = svg.append('text').attr('class', 'chart-message').attr('text-anchor', 'middle')
    .attr('font-size', fontSize.label).attr('display', 'none');

  let size = measure();
  const callbacks: ((s: ChartSize) => void)[] = [];
  apply();

  function measure(): ChartSize {
    const w = Math.max(160, Math.round(container.clientWidth || options.fallbackWidth || 600));
    const h = Math.round(Math.min(maxH, Math.max(minH, w / options.aspect)));
    return {
      width: w, height: h, margin,
      innerWidth: Math.max(10, w - margin.left - margin.right),
      innerHeight: Math.max(10, h - margin.top - margin.bottom),
    };
  }

  function apply(): void {
    svg.attr('viewBox', `0 0 ${size.width} ${size.height}`).attr('width', size.width).attr('height', size.height);
    plot.attr('transform', `translate(${margin.left},${margin.top})`);
    note.attr('x', margin.left + size.innerWidth / 2).attr('y', margin.top + size.innerHeight / 2);
  }

  // Re-layout in the next animation frame, not inside the observer callback:
  // redrawing changes the container's height, which would otherwise trigger
  // "ResizeObserver loop completed with undelivered notifications".
  let frame = 0;
  const relayout = (): void => {
    frame = 0;
    const next = measure();
    if (next.width === size.width && next.height === size.height) return;
    size = next;
    apply();
    for (const cb of callbacks) cb(size);
  };
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
    if (!frame) frame = requestAnimationFrame(relayout);
  });
  observer?.observe(container);

  return {
    svg: svg.node() as SVGSVGElement,
    plot,
    size: () => size,
    onResize: (cb) => { callbacks.push(cb); },
    message(text) {
      note.attr('display', text ? null : 'none').text(text ?? '');
      note.raise();
    },
    destroy() {
      observer?.disconnect();
      if (frame) cancelAnimationFrame(frame);
      callbacks.length = 0;
      svg.remove();
    },
  };
}
