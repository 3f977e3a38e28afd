/**
 * Build the control for one parameter from its spec: linear slider (int,
 * float), log slider (log), segmented buttons or select (enum), switch
 * (bool). Lists have no generic control (the widget edits them itself).
 */
import type { ParamSpec, ParamValue } from '../params';
import type { Control, ControlChange } from './types';
import { slider } from './slider';
import { logSlider } from './log-slider';
import { choice } from './choice';
import { toggle } from './toggle';

export type { Control, ControlChange } from './types';
export { button } from './button';

/** Does this parameter get a generic control? */
export function hasControl(spec: ParamSpec): boolean {
  return spec.control !== false && spec.kind !== 'list';
}

/** The control for `spec`, or null when it has none. */
export function buildControl(name: string, spec: ParamSpec, value: ParamValue, onChange: ControlChange): Control | null {
  if (!hasControl(spec)) return null;
  switch (spec.kind) {
    case 'int': case 'float': return slider(name, spec, value as number, onChange);
    case 'log': return logSlider(name, spec, value as number, onChange);
    case 'enum': return choice(name, spec, value as string, onChange);
    case 'bool': return toggle(name, spec, value as boolean, onChange);
    case 'list': return null;
  }
}
