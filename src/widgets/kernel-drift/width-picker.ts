/**
 * The width chips above the plots (a list parameter has no generic control):
 * one toggle button per width 8, 16, …, 4096 (and any other width in the
 * list), coloured like the width's curves, marked when that width has
 * finished training, with its estimated training time when that is long
 * enough to matter. Below them a progress bar of the whole run.
 */
import { widthColor } from './colors';
import { formatDuration } from './progress';

export const PICKER_WIDTHS = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

/** Estimates below this are not shown on the chips (ms). */
const SHOW_ESTIMATE_MS = 8000;

export interface PickerState {
  widths: readonly number[];
  /** Widths whose networks have all finished. */
  done: ReadonlySet<number>;
  /** Width training now, if any. */
  training: number | null;
  /** Estimated training time (ms) of one width with the current settings. */
  estimateMs(width: number): number;
  /** Fraction of the run's work done, and the progress line. */
  fraction: number;
  text: string;
}

export interface WidthPicker {
  root: HTMLElement;
  update(state: PickerState): void;
  destroy(): void;
}

export function createWidthPicker(parent: HTMLElement, onChange: (widths: number[]) => void): WidthPicker {
  const doc = parent.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'kd-top';
  const row = doc.createElement('div');
  row.className = 'kd-chips';
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', 'Widths to train');
  const label = doc.createElement('span');
  label.className = 'kd-chips-label';
  label.textContent = 'widths n:';
  row.append(label);
  const bar = doc.createElement('div');
  bar.className = 'kd-progress';
  const track = doc.createElement('div');
  track.className = 'kd-progress-track';
  track.setAttribute('role', 'progressbar');
  track.setAttribute('aria-valuemin', '0');
  track.setAttribute('aria-valuemax', '100');
  const fill = doc.createElement('div');
  fill.className = 'kd-progress-fill';
  track.append(fill);
  const text = doc.createElement('span');
  text.className = 'kd-progress-text';
  bar.append(track, text);
  root.append(row, bar);
  parent.append(root);

  let current: readonly number[] = [];
  const chips = new Map<number, HTMLButtonElement>();

  function chip(width: number): HTMLButtonElement {
    let b = chips.get(width);
    if (b) return b;
    b = doc.createElement('button');
    b.type = 'button';
    b.className = 'kd-chip';
    b.dataset.width = String(width);
    b.style.setProperty('--kd-chip', widthColor(width));
    b.addEventListener('click', () => {
      const on = current.includes(width);
      if (on && current.length <= 1) return;
      const next = on ? current.filter((w) => w !== width) : [...current, width].sort((a, c) => a - c);
      onChange(next);
    });
    chips.set(width, b);
    return b;
  }

  return {
    root,
    update(state) {
      current = state.widths;
      const all = [...new Set([...PICKER_WIDTHS, ...state.widths])].sort((a, b) => a - b);
      for (const [w, b] of chips) if (!all.includes(w)) { b.remove(); chips.delete(w); }
      for (const w of all) {
        const b = chip(w);
        const on = state.widths.includes(w);
        const est = state.estimateMs(w);
        const mark = !on ? '' : state.done.has(w) ? ' ✓' : state.training === w ? ' …' : '';
        const time = est >= SHOW_ESTIMATE_MS && !state.done.has(w) ? ` ~${formatDuration(est)}` : '';
        const content = `${w}${mark}${time}`;
        if (b.textContent !== content) b.textContent = content;
        b.setAttribute('aria-pressed', String(on));
        b.title = `${on ? 'Remove' : 'Add'} width ${w} (estimated ${formatDuration(est)} of training with these settings)`;
        if (b.parentElement !== row || row.children[all.indexOf(w) + 1] !== b) row.insertBefore(b, row.children[all.indexOf(w) + 1] ?? null);
      }
      const pct = Math.round(100 * state.fraction);
      fill.style.width = `${pct}%`;
      track.setAttribute('aria-valuenow', String(pct));
      if (text.textContent !== state.text) text.textContent = state.text;
    },
    destroy() { root.remove(); },
  };
}
