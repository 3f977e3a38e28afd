/**
 * "Embed" control: a disclosure with the iframe snippet and the
 * custom-element snippet, each in a read-only textarea with a Copy button.
 * Copying uses the async clipboard API; when it is missing or refused, the
 * text is selected so Ctrl/Cmd+C copies it, and the status line says so.
 */
import { controlId, el } from './controls/types';

export interface Snippets {
  /** `<iframe src="embed.html?...">` */
  iframe: string;
  /** `<script type="module" src=".../widgets.js">` + `<ntk-...>` */
  element: string;
}

/** Copy text, or select it in `area` as the fallback. Resolves to what happened. */
export async function copyText(text: string, area: HTMLTextAreaElement): Promise<'copied' | 'selected'> {
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard API');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    area.focus();
    area.select();
    return 'selected';
  }
}

function block(title: string, onCopy: (area: HTMLTextAreaElement, status: HTMLElement) => void): { root: HTMLElement; area: HTMLTextAreaElement } {
  const root = el('div', 'embed-block');
  const label = el('label', 'embed-label', title);
  const area = el('textarea', 'embed-text');
  area.readOnly = true;
  area.rows = 3;
  area.spellcheck = false;
  const id = controlId('embed');
  area.id = id;
  label.htmlFor = id;
  area.addEventListener('focus', () => area.select());
  const status = el('span', 'embed-status');
  status.setAttribute('role', 'status');
  const copy = el('button', 'widget-button embed-copy', 'Copy');
  copy.type = 'button';
  copy.addEventListener('click', () => onCopy(area, status));
  root.append(label, area, copy, status);
  return { root, area };
}

/** Build the embed disclosure. `snippets()` is called each time it opens or copies (current params). */
export function embedPanel(snippets: () => Snippets): HTMLDetailsElement {
  const details = el('details', 'embed-code');
  const summary = el('summary', 'widget-button embed-toggle', 'Embed');
  summary.title = 'Copy HTML to embed this figure in another page or a slide';
  const body = el('div', 'embed-body');
  const note = el('p', 'embed-note', 'Paste into any web page or slide deck. The iframe keeps the current settings in its URL; the element needs the script once per page.');
  const doCopy = (key: keyof Snippets) => async (area: HTMLTextAreaElement, status: HTMLElement): Promise<void> => {
    const text = snippets()[key];
    area.value = text;
    const how = await copyText(text, area);
    status.textContent = how === 'copied' ? 'Copied' : 'Selected: press Ctrl+C (⌘C) to copy';
    status.dataset.state = how;
  };
  const frame = block('As an iframe', (a, s) => { void doCopy('iframe')(a, s); });
  const element = block('As a custom element', (a, s) => { void doCopy('element')(a, s); });
  const fill = (): void => {
    const s = snippets();
    frame.area.value = s.iframe;
    element.area.value = s.element;
  };
  details.addEventListener('toggle', () => { if (details.open) fill(); });
  body.append(note, frame.root, element.root);
  details.append(summary, body);
  return details;
}
