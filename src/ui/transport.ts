/**
 * Transport row shared by the training widgets: play/pause (one toggle
 * button), step, reset and a step counter "t = 123".
 *
 * The row never runs anything itself: it calls the handlers and shows the
 * state the widget reports back with `setState`, so the widget (which owns
 * the worker session) stays the single source of truth. Buttons are real
 * `<button>`s (Enter/Space work natively, focus order is the DOM order) with
 * aria-labels that name the action; the play toggle also sets aria-pressed.
 * Styling uses the widget CSS variables (--w-accent, --w-rule, --w-muted, ...).
 */
import './transport.css';

/** What the session is doing. `done` = reached its last step; `diverged` = stopped on a non-finite loss. */
export type TransportState = 'playing' | 'paused' | 'done' | 'diverged';

export interface TransportHandlers {
  onPlay(): void;
  onPause(): void;
  /** Advance by one unit (one step or one chunk of steps, the widget decides). */
  onStep(): void;
  onReset(): void;
}

export interface TransportOptions {
  /** Label of the counter, default "t". */
  counterLabel?: string;
  /** Text of the state label per state; defaults are short words ("training", "paused", ...). */
  stateText?: Partial<Record<TransportState, string>>;
  /** What one press of "step" does, for its tooltip, e.g. "Train 10 steps". Default "One step". */
  stepTitle?: string;
}

export interface Transport {
  /** The row element (already appended to the container). */
  readonly element: HTMLElement;
  setState(state: TransportState): void;
  /** Show the step count t (non-negative integer; other values are rounded/clamped), optionally "of total". */
  setStep(step: number, total?: number): void;
  /** Current state (as last set). */
  readonly state: TransportState;
  /** Remove listeners and the row. */
  destroy(): void;
}

const DEFAULT_STATE_TEXT: Record<TransportState, string> = {
  playing: 'training',
  paused: 'paused',
  done: 'done',
  diverged: 'diverged',
};

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Small inline icons (viewBox 0 0 10 10), hidden from screen readers. */
const ICONS = {
  play: 'M2 1 L9 5 L2 9 Z',
  pause: 'M2 1 H4 V9 H2 Z M6 1 H8 V9 H6 Z',
  step: 'M1 1 L6 5 L1 9 Z M7 1 H9 V9 H7 Z',
  reset: 'M5 1 A4 4 0 1 0 9 5 H7.5 A2.5 2.5 0 1 1 5 2.5 V4 L8 1.75 L5 -0.5 Z',
} as const;

function icon(name: keyof typeof ICONS): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 -1 10 11');
  svg.setAttribute('class', 'transport-icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.appendChild(path);
  return svg;
}

function makeButton(className: string, label: string, iconName: keyof typeof ICONS, text?: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `transport-button ${className}`;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.appendChild(icon(iconName));
  if (text) {
    const span = document.createElement('span');
    span.className = 'transport-text';
    span.textContent = text;
    b.appendChild(span);
  }
  return b;
}

/** Build the row inside `container` (appended). */
export function createTransport(container: HTMLElement, handlers: TransportHandlers, options: TransportOptions = {}): Transport {
  const stateText = { ...DEFAULT_STATE_TEXT, ...options.stateText };
  const counterLabel = options.counterLabel ?? 't';

  const row = document.createElement('div');
  row.className = 'transport';
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', 'Training controls');

  const play = makeButton('transport-play', 'Play', 'play', 'Play');
  const step = makeButton('transport-step', options.stepTitle ?? 'One step', 'step');
  const reset = makeButton('transport-reset', 'Reset training', 'reset');
  const counter = document.createElement('span');
  counter.className = 'transport-step-count';
  const status = document.createElement('span');
  status.className = 'transport-state';
  row.append(play, step, reset, counter, status);
  container.appendChild(row);

  let state: TransportState = 'paused';

  const onPlayClick = (): void => {
    if (state === 'playing') handlers.onPause();
    else if (state === 'paused') handlers.onPlay();
  };
  const onStepClick = (): void => { if (state === 'paused') handlers.onStep(); };
  const onResetClick = (): void => handlers.onReset();
  play.addEventListener('click', onPlayClick);
  step.addEventListener('click', onStepClick);
  reset.addEventListener('click', onResetClick);

  function render(): void {
    row.dataset.state = state;
    const playing = state === 'playing';
    const label = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-label', label);
    play.title = label;
    play.setAttribute('aria-pressed', String(playing));
    play.replaceChildren(icon(playing ? 'pause' : 'play'));
    const text = document.createElement('span');
    text.className = 'transport-text';
    text.textContent = label;
    play.appendChild(text);
    // A finished or diverged run can only be reset; stepping needs a paused run.
    play.disabled = state === 'done' || state === 'diverged';
    step.disabled = state !== 'paused';
    status.textContent = stateText[state];
  }

  let shown = '';
  function setStep(n: number, total?: number): void {
    const t = Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0;
    const of = total !== undefined && Number.isFinite(total) ? ` of ${Math.round(total).toLocaleString('en-US')}` : '';
    const text = `${counterLabel} = ${t.toLocaleString('en-US')}${of}`;
    if (text === shown) return; // called every frame while training: touch the DOM only on change
    shown = text;
    counter.textContent = text;
    row.dataset.step = String(t);
  }

  render();
  setStep(0);

  return {
    element: row,
    get state() { return state; },
    setState(next: TransportState): void {
      if (next === state) return;
      // Keep focus on the toggle when it is re-rendered (replaceChildren keeps the button itself).
      state = next;
      render();
    },
    setStep,
    destroy(): void {
      play.removeEventListener('click', onPlayClick);
      step.removeEventListener('click', onStepClick);
      reset.removeEventListener('click', onResetClick);
      row.remove();
    },
  };
}
