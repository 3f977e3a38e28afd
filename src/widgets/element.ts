/**
 * The generic custom element behind every widget (`<ntk-kernel-recursion>`).
 *
 * - Attributes are the schema's parameters (case-insensitive); bad values are
 *   clamped with a visible notice, never an exception.
 * - Lazy: the widget module is imported and mounted when the element comes
 *   within ~300px of the viewport; `setActive(false)` when it leaves the screen.
 * - Controls, seed, reset and embed code come from the schema (src/ui).
 * - Data flows one way: control / widget / attribute -> params -> instance.update.
 * - Events on the element: `widget-render` {durationMs} after each draw
 *   (time since the change that caused it), `widget-params` {params, source}
 *   after each parameter change, `widget-ready`, `widget-error`.
 * - Keys the widget uses do not bubble out of it (reveal.js, page shortcuts).
 */
import type { WidgetContext, WidgetInstance, WidgetModule, WidgetRenderDetail, WidgetSchema } from './contract';
import { RENDER_EVENT } from './contract';
import { type ParamValue, defaultsOf, formatParam, parseParam } from '../ui/params';
import { parseAttributes, paramForAttribute } from '../ui/attributes';
import { coercePatch, sameValue } from '../ui/coerce';
import { containKeys } from '../ui/keys';
import { nextSeed } from '../ui/seed';
import { type WidgetFrame, buildFrame } from '../ui/widget-frame';
import { elementSnippet, iframeSnippet } from '../ui/embed-snippet';
import { embedPageUrl, widgetsScriptUrl } from '../ui/site-root';
import { writeEmbedQuery } from '../ui/url-state';
import { fitToBox } from '../ui/fit';

type Params = Record<string, ParamValue>;
/** Where a parameter change came from. */
export type ChangeSource = 'control' | 'widget' | 'attribute' | 'reset' | 'api';
export type WidgetState = 'idle' | 'loading' | 'ready' | 'error';

export interface WidgetParamsDetail { params: Params; changed: string[]; source: ChangeSource }
export const PARAMS_EVENT = 'widget-params';

/** Distance from the viewport at which a figure starts loading. */
export const HYDRATE_MARGIN = '300px';

/** Static side of a widget element class (set by defineWidget). */
export interface WidgetElementClass {
  readonly schema: WidgetSchema;
  readonly load: () => Promise<WidgetModule>;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class WidgetElement extends HTMLElement {
  private frame: WidgetFrame | null = null;
  private params: Params = {};
  private initial: Params = {};
  private instance: WidgetInstance<Params> | null = null;
  private abort: AbortController | null = null;
  private observers: IntersectionObserver[] = [];
  private releaseKeys: (() => void) | null = null;
  private releaseFit: (() => void) | null = null;
  private generation = 0;
  private visible = false;
  private pendingSince: number | null = null;
  private reportedError = false;
  private readyWaiters: { resolve(): void; reject(e: unknown): void }[] = [];
  private stateValue: WidgetState = 'idle';

  /** The widget's schema (from the subclass made by defineWidget). */
  get schema(): WidgetSchema {
    return (this.constructor as unknown as WidgetElementClass).schema;
  }

  /** Current lifecycle state; also reflected as `data-state`. */
  get state(): WidgetState { return this.stateValue; }

  /** A copy of the current parameter values. */
  get values(): Params {
    return Object.fromEntries(Object.entries(this.params).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  }

  connectedCallback(): void {
    if (!this.frame) this.build();
    this.releaseKeys = containKeys(this);
    if (this.hasAttribute('eager') || typeof IntersectionObserver === 'undefined') {
      this.visible = true;
      void this.hydrate();
      return;
    }
    const near = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void this.hydrate();
    }, { rootMargin: HYDRATE_MARGIN });
    const onScreen = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      this.setVisible(entry.isIntersecting);
    });
    near.observe(this);
    onScreen.observe(this);
    this.observers = [near, onScreen];
  }

  disconnectedCallback(): void {
    for (const o of this.observers) o.disconnect();
    this.observers = [];
    this.releaseKeys?.();
    this.releaseKeys = null;
    this.unmount();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (!this.frame) return;
    const key = paramForAttribute(this.schema.params, name);
    if (!key) return;
    const spec = this.schema.params[key];
    const r = value === null ? { value: defaultsOf(this.schema.params)[key] as ParamValue } : parseParam(spec, value, key);
    if ('notice' in r && r.notice) this.frame.setNotices([r.notice]);
    this.applyParams({ [key]: r.value }, 'attribute');
  }

  /** What the widget currently draws (instance.snapshot()), or null before it is mounted. */
  snapshot(): unknown {
    return this.instance ? this.instance.snapshot() : null;
  }

  /** Set parameters from outside (text links, tests); values are clamped. */
  setParams(patch: Readonly<Record<string, unknown>>): void {
    this.applyParams(patch, 'api');
  }

  /** Restore the initial parameters and the widget's transient state. */
  reset(event?: Event): void {
    this.applyParams(this.initial, 'reset', event);
    try { this.instance?.reset?.(); } catch (err) { this.fail(err); }
  }

  /** Resolves when the widget is mounted (loads it now if needed); rejects if mounting fails. */
  whenReady(): Promise<void> {
    if (this.stateValue === 'ready') return Promise.resolve();
    if (this.stateValue === 'error') return Promise.reject(new Error('widget failed to mount'));
    const p = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    if (this.isConnected) void this.hydrate();
    return p;
  }

  private setState(s: WidgetState): void {
    this.stateValue = s;
    this.dataset.state = s;
  }

  private build(): void {
    const schema = this.schema;
    this.classList.add('widget-host');
    const parsed = parseAttributes(schema.params, Array.from(this.attributes, (a) => [a.name, a.value] as [string, string]));
    this.params = { ...(parsed.values as Params) };
    this.initial = { ...this.params };
    const controlsAttr = this.getAttribute('controls');
    const pick = controlsAttr === null ? null : controlsAttr.split(',').map((s) => s.trim()).filter(Boolean)
      .map((s) => paramForAttribute(schema.params, s) ?? s);
    const fallback = this.takeFallback();
    this.frame = buildFrame({
      title: schema.title,
      schema: schema.params,
      deterministic: schema.deterministic === true,
      values: this.params,
      controls: pick,
      embedCode: !this.hasAttribute('embedded'),
      onChange: (name, value, event) => this.applyParams({ [name]: value }, 'control', event),
      onNewSeed: (event) => {
        const spec = schema.params.seed;
        if (spec && spec.kind === 'int') this.applyParams({ seed: nextSeed(this.params.seed as number, spec.min, spec.max) }, 'control', event);
      },
      onReset: (event) => this.reset(event),
      snippets: () => this.snippets(),
    });
    this.style.setProperty('--widget-aspect', String(schema.aspect ?? 16 / 9));
    // The static fallback stays (hidden once mounted): print and errors show it.
    this.frame.root.prepend(fallback);
    this.append(this.frame.root);
    this.frame.setNotices(parsed.notices);
    this.setState('idle');
  }

  /** The build's static fallback: reuse a lone `.widget-fallback` child, else wrap all children. */
  private takeFallback(): HTMLElement {
    const elements = Array.from(this.children);
    const onlyText = Array.from(this.childNodes).every((n) => n.nodeType !== Node.TEXT_NODE || !n.textContent?.trim());
    if (elements.length === 1 && elements[0].classList.contains('widget-fallback') && onlyText) {
      const existing = elements[0] as HTMLElement;
      for (const n of Array.from(this.childNodes)) if (n !== existing) n.remove();
      return existing;
    }
    const fallback = document.createElement('div');
    fallback.className = 'widget-fallback';
    fallback.append(...Array.from(this.childNodes));
    return fallback;
  }

  private snippets(): { iframe: string; element: string } {
    const s = this.schema;
    const url = new URL(embedPageUrl());
    url.search = writeEmbedQuery(s.name, s.params, this.params);
    const defaults = defaultsOf(s.params) as Params;
    const attrs = Object.entries(s.params)
      .filter(([k]) => !sameValue(this.params[k], defaults[k]))
      .map(([k, spec]) => [k.toLowerCase(), formatParam(spec, this.params[k])] as [string, string]);
    return { iframe: iframeSnippet(url.href, s.title), element: elementSnippet(widgetsScriptUrl().href, s.tag, attrs) };
  }

  private async hydrate(): Promise<void> {
    if (this.stateValue !== 'idle' || !this.frame) return;
    const frame = this.frame;
    const token = ++this.generation;
    this.setState('loading');
    frame.setStatus(this.schema.needsTf ? 'Loading TensorFlow.js…' : 'Loading…');
    let mod: WidgetModule;
    try {
      mod = await (this.constructor as unknown as WidgetElementClass).load();
    } catch (err) {
      if (token === this.generation) this.fail(err);
      return;
    }
    if (token !== this.generation || !this.isConnected) return;
    this.abort = new AbortController();
    const ctx: WidgetContext<Params> = {
      setParams: (patch) => this.applyParams(patch as Record<string, unknown>, 'widget'),
      setStatus: (message, kind) => frame.setStatus(message, kind),
      rendered: () => this.onRendered(),
      signal: this.abort.signal,
    };
    this.pendingSince = performance.now();
    frame.setStatus('');
    this.toggleAttribute('data-mounted', true);
    try {
      this.instance = mod.mount(frame.stage, { ...this.params }, ctx) as WidgetInstance<Params>;
    } catch (err) {
      this.fail(err);
      return;
    }
    this.setState('ready');
    if (this.classList.contains('widget-fill')) this.releaseFit = fitToBox(frame.viewport, frame.stage);
    for (const w of this.readyWaiters.splice(0)) w.resolve();
    this.dispatchEvent(new CustomEvent('widget-ready', { bubbles: true }));
    if (!this.visible) this.callSetActive(false);
  }

  private unmount(): void {
    this.generation += 1;
    this.releaseFit?.();
    this.releaseFit = null;
    this.abort?.abort();
    this.abort = null;
    if (this.instance) {
      try { this.instance.destroy(); } catch (err) { this.report(err); }
      this.instance = null;
    }
    if (this.stateValue !== 'error') {
      this.toggleAttribute('data-mounted', false);
      this.frame?.stage.replaceChildren();
      this.setState('idle');
    }
  }

  private setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (this.stateValue === 'ready') this.callSetActive(visible);
  }

  private callSetActive(active: boolean): void {
    try { this.instance?.setActive?.(active); } catch (err) { this.fail(err); }
  }

  /** Clamp, store, reflect in controls, tell the widget, announce. */
  private applyParams(patch: Readonly<Record<string, unknown>>, source: ChangeSource, event?: Event): void {
    if (!this.frame) return;
    const { values, notices } = coercePatch(this.schema.params, patch);
    if (notices.length && source !== 'control') this.frame.setNotices(notices);
    const changed = Object.keys(values).filter((k) => !sameValue(values[k], this.params[k]));
    if (changed.length === 0) return;
    const update: Params = {};
    for (const k of changed) {
      this.params[k] = values[k];
      update[k] = values[k];
      this.frame.setValue(k, values[k]);
    }
    const now = performance.now();
    const t = event && event.timeStamp > 0 && event.timeStamp <= now ? event.timeStamp : now;
    this.pendingSince = this.pendingSince === null ? t : Math.min(this.pendingSince, t);
    if (this.instance && this.stateValue === 'ready') {
      try { this.instance.update(update); } catch (err) { this.fail(err); }
    }
    const detail: WidgetParamsDetail = { params: this.values, changed, source };
    this.dispatchEvent(new CustomEvent(PARAMS_EVENT, { detail, bubbles: true }));
  }

  private onRendered(): void {
    const since = this.pendingSince;
    this.pendingSince = null;
    const detail: WidgetRenderDetail = { durationMs: since === null ? 0 : performance.now() - since };
    this.dispatchEvent(new CustomEvent(RENDER_EVENT, { detail, bubbles: true }));
  }

  /** Log once per element. */
  private report(err: unknown): void {
    if (this.reportedError) return;
    this.reportedError = true;
    console.error(`[${this.schema.tag}]`, err);
  }

  /** Show a readable error in the figure, log it once, stop the widget. */
  private fail(err: unknown): void {
    this.report(err);
    this.toggleAttribute('data-mounted', false);
    this.frame?.showError(errorText(err));
    this.frame?.setStatus('');
    const instance = this.instance;
    this.instance = null;
    this.abort?.abort();
    if (instance) { try { instance.destroy(); } catch { /* already reported */ } }
    this.setState('error');
    for (const w of this.readyWaiters.splice(0)) w.reject(err);
    this.dispatchEvent(new CustomEvent('widget-error', { detail: { message: errorText(err) }, bubbles: true }));
  }
}
