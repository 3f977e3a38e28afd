/**
 * The widget contract (DESIGN.md). A widget is split in two so the page and
 * the build stay light:
 *  - `schema.ts` (pure data: tag, title, params) imported by the Markdown
 *    plugin at build time and by the page at start-up;
 *  - `mount.ts` (DOM, d3, maybe tfjs) loaded lazily when the figure nears the
 *    viewport, through the loader in `registry.ts`.
 */
import type { ParamSchema, ParamsOf } from '../ui/params';

/** Pure description of a widget; no DOM, no heavy imports. */
export interface WidgetSchema<S extends ParamSchema = ParamSchema> {
  /** Directive and URL name, e.g. "kernel-recursion". */
  name: string;
  /** Custom element tag, e.g. "ntk-kernel-recursion". */
  tag: string;
  /** Shown in embeds and the figure list. */
  title: string;
  /** One sentence: what the reader sees. */
  summary: string;
  /** Parameters; every widget has an int `seed`. */
  params: S;
  /** True when mounting loads TensorFlow.js (decides the loading notice). */
  needsTf?: boolean;
  /**
   * True when the widget draws no random numbers (analytic kernels): it keeps a
   * `seed` parameter for URL uniformity, but the footer says "no random draws"
   * instead of offering a "New seed" button that would change nothing.
   */
  deterministic?: boolean;
  /** Preferred stage aspect (width / height) for embeds; default 16/9. */
  aspect?: number;
}

/** What the host (custom element or embed page) gives a mounted widget. */
export interface WidgetContext<P> {
  /**
   * Ask the host to change parameters (e.g. a dragged point sets two
   * variances). The host updates its controls and URL and then calls
   * `instance.update` with the clamped values: data flows one way.
   */
  setParams(patch: Partial<P>): void;
  /** Show a short status line in the widget footer (progress, divergence, backend). */
  setStatus(message: string, kind?: 'info' | 'warn' | 'error'): void;
  /**
   * Call after every draw. The host turns it into a `widget-render` event
   * whose detail holds the time since the parameter change that caused it.
   */
  rendered(): void;
  /** Aborted when the widget is destroyed. */
  signal: AbortSignal;
}

/** A mounted widget. */
export interface WidgetInstance<P> {
  /** Apply new parameter values (already clamped); redraw. */
  update(patch: Partial<P>): void;
  /** Called when the figure leaves or enters the viewport: stop and restart animation / training. */
  setActive?(active: boolean): void;
  /** Reset transient state (training progress, added points are params and reset by the host). */
  reset?(): void;
  /**
   * The data currently drawn, as plain numbers (rounded is fine), for tests
   * and for "export data". Must change when what is drawn changes.
   */
  snapshot(): unknown;
  /** Free everything: listeners, workers, tensors. */
  destroy(): void;
}

/** Module shape of `widgets/<name>/mount.ts`. */
export interface WidgetModule<S extends ParamSchema = ParamSchema> {
  mount(stage: HTMLElement, params: ParamsOf<S>, ctx: WidgetContext<ParamsOf<S>>): WidgetInstance<ParamsOf<S>>;
}

/** Event dispatched on the host element after every redraw. */
export interface WidgetRenderDetail {
  /** Milliseconds from the parameter change to the end of the draw. */
  durationMs: number;
}
export const RENDER_EVENT = 'widget-render';
