/**
 * Enum parameters: a segmented group of radio buttons when there are few
 * short options (arrow keys move the choice, native radio behaviour), a
 * <select> otherwise (arrow keys change it when closed).
 */
import type { EnumSpec, ParamValue } from '../params';
import { type Control, type ControlChange, controlId, el, labelEl } from './types';

/** Up to this many options are shown as a segmented control. */
export const SEGMENTED_MAX = 4;

const labelOf = (spec: EnumSpec, o: string): string => spec.optionLabels?.[o] ?? o;

export function segmented(name: string, spec: EnumSpec, value: string, onChange: ControlChange): Control {
  const group = controlId(name);
  const root = el('fieldset', 'control control--segmented');
  root.dataset.param = name;
  const legend = labelEl('legend', 'control-label', spec.label);
  const options = el('div', 'segmented');
  const inputs: HTMLInputElement[] = [];
  for (const o of spec.options) {
    const wrap = el('label', 'segment');
    const input = el('input');
    input.type = 'radio';
    input.name = group;
    input.value = o;
    input.checked = o === value;
    input.addEventListener('change', (event) => { if (input.checked) onChange(name, o, event); });
    inputs.push(input);
    wrap.append(input, el('span', 'segment-text', labelOf(spec, o)));
    options.append(wrap);
  }
  if (spec.description) root.title = spec.description;
  root.append(legend, options);
  return {
    name, element: root,
    set: (v: ParamValue) => { for (const i of inputs) i.checked = i.value === v; },
  };
}

export function dropdown(name: string, spec: EnumSpec, value: string, onChange: ControlChange): Control {
  const id = controlId(name);
  const root = el('div', 'control control--select');
  root.dataset.param = name;
  const label = labelEl('label', 'control-label', spec.label);
  label.htmlFor = id;
  const select = el('select', 'control-select');
  select.id = id;
  select.name = name;
  for (const o of spec.options) {
    const option = el('option', undefined, labelOf(spec, o));
    option.value = o;
    select.append(option);
  }
  select.value = value;
  if (spec.description) select.title = spec.description;
  select.addEventListener('change', (event) => onChange(name, select.value, event));
  root.append(label, select);
  return { name, element: root, set: (v: ParamValue) => { select.value = String(v); } };
}

/** Segmented buttons for a few short options, a select otherwise. */
export function choice(name: string, spec: EnumSpec, value: string, onChange: ControlChange): Control {
  const short = spec.options.every((o) => labelOf(spec, o).length <= 10);
  return spec.options.length <= SEGMENTED_MAX && short
    ? segmented(name, spec, value, onChange)
    : dropdown(name, spec, value, onChange);
}
