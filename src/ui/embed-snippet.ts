/**
 * The two ways to put a widget in another page, as copyable HTML:
 * an <iframe> of the embed page (state in its URL), or the custom-element
 * script plus the element with attributes. Pure: no DOM.
 */

/** Escape text for a double-quoted HTML attribute. */
export function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<iframe>` of the embed page; the height leaves room for the controls. */
export function iframeSnippet(embedUrl: string, title: string, height = 560): string {
  return `<iframe src="${escapeAttribute(embedUrl)}" title="${escapeAttribute(title)}" width="100%" height="${height}" style="border: 0;" loading="lazy"></iframe>`;
}

/** Script tag plus the element, attributes in the given order. */
export function elementSnippet(scriptUrl: string, tag: string, attributes: readonly [string, string][]): string {
  const attrs = attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  return `<script type="module" src="${escapeAttribute(scriptUrl)}"></script>\n<${tag}${attrs}></${tag}>`;
}
