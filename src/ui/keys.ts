/**
 * Keys a widget uses. Keydown events for these keys, fired inside a widget,
 * stop at the widget root so a host page (a reveal.js slide deck, a page-level
 * shortcut) never sees them. Tab, Escape and modified keys pass through so
 * focus can leave and browser shortcuts keep working.
 */
export const WIDGET_KEYS: ReadonlySet<string> = new Set([
  'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
  'PageUp', 'PageDown', 'Home', 'End',
  'Enter', ' ', 'Spacebar', 'Delete', 'Backspace', '+', '-', '=',
]);

/** Should this keydown be kept inside the widget? */
export function isWidgetKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return WIDGET_KEYS.has(event.key);
}

/** Stop widget keys (keydown, keypress, keyup) from bubbling out of `root`. Returns a disposer. */
export function containKeys(root: HTMLElement): () => void {
  const stop = (e: Event): void => {
    if (isWidgetKey(e as KeyboardEvent)) e.stopPropagation();
  };
  const types = ['keydown', 'keypress', 'keyup'] as const;
  for (const t of types) root.addEventListener(t, stop);
  return () => { for (const t of types) root.removeEventListener(t, stop); };
}
