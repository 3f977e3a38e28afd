/** Shared shape of the controls built from a ParamSpec. */
import type { ParamValue } from '../params';

/** A control bound to one parameter. */
export interface Control {
  /** Parameter name, e.g. "depth". */
  readonly name: string;
  /** Root element of the control (label + input + value). */
  readonly element: HTMLElement;
  /** Show a new value without notifying (the host changed it). */
  set(value: ParamValue): void;
}

/**
 * Called when the reader changes a control. `event` is the DOM event that
 * caused the change; the host measures redraw time from it.
 */
export type ControlChange = (name: string, value: ParamValue, event: Event) => void;

let counter = 0;
/** A document-unique id for label/input pairs. */
export function controlId(name: string): string {
  counter += 1;
  return `ctl-${name}-${counter}`;
}

/**
 * A control's label: plain text, except that `_x` / `_{xy}` after a symbol is
 * set as a subscript, so the schema label 'weight variance σ_w²' reads
 * σ<sub>w</sub>² and not with a literal underscore.
 */
export function labelEl<K extends 'label' | 'legend'>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const node = el(tag, className);
  const parts = text.split(/_(\{[^}]*\}|[\p{L}0-9]+)/u);
  parts.forEach((part, i) => {
    if (i % 2 === 0) { if (part) node.append(part); return; }
    node.append(el('sub', undefined, part.replace(/^\{|\}$/g, '')));
  });
  return node;
}

/** Create an element with a class and optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
