/**
 * Visible notices (clamped URL values, unknown controls, errors): a small
 * list with role="status" so screen readers announce it, and a dismiss button.
 */
import { el } from './controls/types';

/** Replace the notices shown in `container` (empty list hides it). */
export function showNotices(container: HTMLElement, notices: readonly string[], kind: 'warn' | 'error' = 'warn'): void {
  container.replaceChildren();
  container.hidden = notices.length === 0;
  if (notices.length === 0) return;
  container.classList.add('notices');
  container.dataset.kind = kind;
  container.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const list = el('ul', 'notices-list');
  for (const n of notices) list.append(el('li', 'notice', n));
  const close = el('button', 'notices-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss notices');
  close.addEventListener('click', () => { container.hidden = true; });
  container.append(list, close);
}
