/**
 * The chrome around every widget: stage (where the widget draws), controls
 * built from the schema, and a footer with the seed ("new seed"), reset, the
 * embed code, a status line and notices. Knows nothing about widgets: it is
 * given a parameter schema, values and callbacks.
 */
import type { ParamSchema, ParamValue } from './params';
import { type Control, type ControlChange, buildControl, button } from './controls';
import { el } from './controls/types';
import { formatValue } from './format';
import { showNotices } from './notices';
import { type Snippets, embedPanel } from './embed-panel';

export interface FrameOptions {
  /** Widget title, used as the group's accessible name. */
  title: string;
  schema: ParamSchema;
  /** The widget draws no random numbers: show that instead of the seed and "New seed". */
  deterministic?: boolean;
  values: Readonly<Record<string, ParamValue>>;
  /** Names of the controls to show (null: all that have one). */
  controls: readonly string[] | null;
  /** Show the "Embed" disclosure (not on the embed page itself). */
  embedCode: boolean;
  onChange: ControlChange;
  onNewSeed(event: Event): void;
  onReset(event: Event): void;
  snippets(): Snippets;
}

export interface WidgetFrame {
  root: HTMLElement;
  /** Box around the stage (clips; scaled content in fill mode). */
  viewport: HTMLElement;
  stage: HTMLElement;
  /** Controls by parameter name. */
  controls: Map<string, Control>;
  /** Reflect a value changed elsewhere (widget, reset, attribute). */
  setValue(name: string, value: ParamValue): void;
  setStatus(message: string, kind?: 'info' | 'warn' | 'error'): void;
  setNotices(notices: readonly string[]): void;
  /** Replace the stage by a readable error message. */
  showError(message: string): void;
}

/** Parameters that get a slot in the controls area (the seed lives in the footer). */
export function controlNames(schema: ParamSchema, pick: readonly string[] | null): string[] {
  return Object.keys(schema).filter((k) => k !== 'seed' && (pick === null || pick.includes(k)));
}

export function buildFrame(o: FrameOptions): WidgetFrame {
  const root = el('div', 'widget');
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', o.title);
  const stage = el('div', 'widget-stage');
  // The viewport clips and, in fill mode, scales the stage to fit (src/ui/fit.ts).
  const viewport = el('div', 'widget-viewport');
  viewport.append(stage);
  const errorBox = el('div', 'widget-error');
  errorBox.hidden = true;
  errorBox.setAttribute('role', 'alert');
  const controlsBox = el('div', 'widget-controls');
  const controls = new Map<string, Control>();
  for (const name of controlNames(o.schema, o.controls)) {
    const c = buildControl(name, o.schema[name], o.values[name], o.onChange);
    if (c) { controls.set(name, c); controlsBox.append(c.element); }
  }
  controlsBox.hidden = controls.size === 0;

  const footer = el('div', 'widget-footer');
  const seedSpec = o.schema.seed;
  const seedValue = el('output', 'widget-seed-value');
  if (seedSpec && o.deterministic) {
    footer.append(el('span', 'widget-seed widget-deterministic', 'no random draws'));
  } else if (seedSpec) {
    const seed = el('span', 'widget-seed');
    seed.append(el('span', 'widget-seed-label', 'seed '), seedValue);
    seedValue.textContent = formatValue(seedSpec, o.values.seed);
    seed.append(button('New seed', (e) => o.onNewSeed(e), { title: 'Draw with a new random seed', className: 'widget-new-seed' }));
    footer.append(seed);
  }
  footer.append(button('Reset', (e) => o.onReset(e), { title: 'Restore the initial settings', className: 'widget-reset' }));
  if (o.embedCode) footer.append(embedPanel(o.snippets));
  const status = el('span', 'widget-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  footer.append(status);
  const notices = el('div', 'widget-notices');
  notices.hidden = true;
  root.append(viewport, errorBox, controlsBox, footer, notices);

  return {
    root, viewport, stage, controls,
    setValue(name, value) {
      controls.get(name)?.set(value);
      if (name === 'seed' && seedSpec) seedValue.textContent = formatValue(seedSpec, value);
    },
    setStatus(message, kind = 'info') {
      status.textContent = message;
      status.dataset.kind = kind;
    },
    setNotices(list) { showNotices(notices, list); },
    showError(message) {
      viewport.hidden = true;
      errorBox.hidden = false;
      errorBox.replaceChildren(
        el('strong', undefined, 'This figure could not be drawn. '),
        el('span', 'widget-error-message', message),
        el('span', undefined, ' Reload the page to try again; the text around it still explains what it would show.'),
      );
    },
  };
}
