/** A plain button for actions (new seed, reset, play/pause, copy). */
import { el } from './types';

export interface ButtonOptions {
  /** Longer description for the tooltip and screen readers. */
  title?: string;
  /** Extra class names. */
  className?: string;
}

export function button(text: string, onClick: (event: MouseEvent) => void, options: ButtonOptions = {}): HTMLButtonElement {
  const b = el('button', `widget-button${options.className ? ` ${options.className}` : ''}`, text);
  b.type = 'button';
  if (options.title) { b.title = options.title; b.setAttribute('aria-label', options.title); }
  b.addEventListener('click', onClick);
  return b;
}
