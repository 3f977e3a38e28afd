/**
 * Linear slider for int and float parameters: a native <input type=range>
 * (arrow keys move one step, PageUp/PageDown ten, Home/End to the ends),
 * a <label>, a visible <output> with the formatted value and aria-valuetext.
 */
import type { FloatSpec, IntSpec, ParamValue } from '../params';
import { formatValue, formatWithUnit } from '../format';
import { type Control, type ControlChange, controlId, el, labelEl } from './types';

/** Snap v onto min + k*step and clamp; rounding keeps decimals tidy. */
export function snapToStep(v: number, min: number, max: number, step: number): number {
  const k = Math.round((v - min) / step);
  const snapped = Number((min + k * step).toPrecision(12));
  return Math.min(max, Math.max(min, snapped));
}

export function slider(name: string, spec: IntSpec | FloatSpec, value: number, onChange: ControlChange): Control {
  const id = controlId(name);
  const root = el('div', 'control control--slider');
  root.dataset.param = name;
  const label = labelEl('label', 'control-label', spec.label);
  label.htmlFor = id;
  const input = el('input', 'control-range');
  input.type = 'range';
  input.id = id;
  input.name = name;
  const step = spec.kind === 'int' ? spec.step ?? 1 : spec.step;
  input.min = String(spec.min);
  input.max = String(spec.max);
  input.step = String(step);
  const output = el('output', 'control-value');
  output.htmlFor.add(id);
  output.setAttribute('aria-hidden', 'true');
  if (spec.description) input.title = spec.description;

  const show = (v: number): void => {
    input.value = String(v);
    output.textContent = formatValue(spec, v);
    input.setAttribute('aria-valuetext', formatWithUnit(spec, v));
  };
  show(value);
  input.addEventListener('input', (event) => {
    const v = snapToStep(Number(input.value), spec.min, spec.max, step);
    output.textContent = formatValue(spec, v);
    input.setAttribute('aria-valuetext', formatWithUnit(spec, v));
    onChange(name, v, event);
  });
  root.append(label, input, output);
  return { name, element: root, set: (v: ParamValue) => show(v as number) };
}
