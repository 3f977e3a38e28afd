/**
 * Logarithmic slider (e.g. width 8..4096). The range input runs over
 * u = log_f(v / min) in [0, log_f(max / min)], so equal distances on the
 * track are equal ratios. Arrow keys multiply or divide by the factor f
 * (default 2), PageUp/PageDown by f^2, Home/End jump to the ends; pointer
 * drags are continuous (rounded for integer parameters).
 */
import type { LogSpec, ParamValue } from '../params';
import { formatValue, formatWithUnit } from '../format';
import { type Control, type ControlChange, controlId, el, labelEl } from './types';

/** Position on the track for a value. */
export function logPosition(spec: LogSpec, v: number): number {
  const f = spec.factor ?? 2;
  return Math.log(v / spec.min) / Math.log(f);
}

/** Value for a track position, clamped (and rounded for integer specs). */
export function logValue(spec: LogSpec, u: number): number {
  const f = spec.factor ?? 2;
  const v = Math.min(spec.max, Math.max(spec.min, spec.min * Math.pow(f, u)));
  return spec.integer ? Math.min(spec.max, Math.max(spec.min, Math.round(v))) : Number(v.toPrecision(6));
}

/** One keyboard step: multiply by f^k, clamped to [min, max]. */
export function logStep(spec: LogSpec, v: number, k: number): number {
  return logValue(spec, logPosition(spec, v) + k);
}

const KEY_STEPS: Readonly<Record<string, number>> = {
  ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 2, PageDown: -2,
};

export function logSlider(name: string, spec: LogSpec, value: number, onChange: ControlChange): Control {
  const id = controlId(name);
  const root = el('div', 'control control--slider control--log');
  root.dataset.param = name;
  const label = labelEl('label', 'control-label', spec.label);
  label.htmlFor = id;
  const input = el('input', 'control-range');
  input.type = 'range';
  input.id = id;
  input.name = name;
  input.min = '0';
  input.max = String(logPosition(spec, spec.max));
  input.step = 'any';
  const output = el('output', 'control-value');
  output.htmlFor.add(id);
  output.setAttribute('aria-hidden', 'true');
  if (spec.description) input.title = spec.description;

  let current = value;
  const show = (v: number): void => {
    current = v;
    input.value = String(logPosition(spec, v));
    output.textContent = formatValue(spec, v);
    input.setAttribute('aria-valuetext', formatWithUnit(spec, v));
  };
  show(value);
  const commit = (v: number, event: Event): void => {
    if (v === current) { show(v); return; }
    show(v);
    onChange(name, v, event);
  };
  input.addEventListener('input', (event) => commit(logValue(spec, Number(input.value)), event));
  input.addEventListener('keydown', (event) => {
    let next: number | undefined;
    if (event.key in KEY_STEPS) next = logStep(spec, current, KEY_STEPS[event.key]);
    else if (event.key === 'Home') next = spec.min;
    else if (event.key === 'End') next = spec.max;
    if (next === undefined) return;
    event.preventDefault();
    commit(next, event);
  });
  root.append(label, input, output);
  return { name, element: root, set: (v: ParamValue) => show(v as number) };
}
