/**
 * Boolean parameter: a checkbox styled as a switch (role="switch").
 * Space toggles it (native); ArrowRight/ArrowUp switch on and
 * ArrowLeft/ArrowDown switch off, like the other controls.
 */
import type { BoolSpec, ParamValue } from '../params';
import { type Control, type ControlChange, controlId, el, labelEl } from './types';

export function toggle(name: string, spec: BoolSpec, value: boolean, onChange: ControlChange): Control {
  const id = controlId(name);
  const root = el('div', 'control control--toggle');
  root.dataset.param = name;
  const input = el('input', 'toggle-input');
  input.type = 'checkbox';
  input.id = id;
  input.name = name;
  input.setAttribute('role', 'switch');
  input.checked = value;
  if (spec.description) input.title = spec.description;
  const label = labelEl('label', 'control-label', spec.label);
  label.htmlFor = id;
  input.addEventListener('change', (event) => onChange(name, input.checked, event));
  input.addEventListener('keydown', (event) => {
    const on = event.key === 'ArrowRight' || event.key === 'ArrowUp';
    const off = event.key === 'ArrowLeft' || event.key === 'ArrowDown';
    if (!on && !off) return;
    event.preventDefault();
    if (input.checked === on) return;
    input.checked = on;
    onChange(name, on, event);
  });
  root.append(input, label);
  return { name, element: root, set: (v: ParamValue) => { input.checked = Boolean(v); } };
}
