/**
 * Table of contents: highlight the section being read (aria-current on its
 * link) and, on narrow screens, collapse the list behind a toggle button.
 * Works with the build's `<nav class="toc">` holding `<a href="#id">` links.
 */

/** The ToC element, if the page has one. */
export function findToc(root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>('nav.toc, #toc');
}

/**
 * Index of the active heading: the last one whose top is above `line`
 * (a fraction of the viewport from the top). -1 before the first.
 */
export function activeIndex(tops: readonly number[], line: number): number {
  let active = -1;
  for (let i = 0; i < tops.length; i++) if (tops[i] <= line) active = i;
  return active;
}

/** In a sticky ToC whose list scrolls, scroll the list (not the page) so the active link shows. */
function keepVisible(toc: HTMLElement, link: HTMLElement): void {
  const list = toc.querySelector<HTMLElement>(':scope > ol, :scope > ul');
  if (!list || list.scrollHeight <= list.clientHeight + 1) return;
  const r = link.getBoundingClientRect();
  const box = list.getBoundingClientRect();
  if (r.top < box.top || r.bottom > box.bottom) list.scrollTop += r.top - box.top - box.height / 3;
}

/** Keep the link of the section being read marked. Returns a disposer. */
export function trackActiveSection(toc: HTMLElement, doc: Document = document): () => void {
  const links = Array.from(toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]'));
  const targets = links.map((a) => doc.getElementById(decodeURIComponent(a.hash.slice(1))));
  let frame = 0;
  let current = -2;
  const update = (): void => {
    frame = 0;
    const tops = targets.map((t) => (t ? t.getBoundingClientRect().top : Infinity));
    const i = activeIndex(tops, innerHeight * 0.3);
    if (i === current) return;
    current = i;
    links.forEach((a, j) => {
      a.classList.toggle('is-active', j === i);
      if (j === i) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    });
    if (i >= 0) keepVisible(toc, links[i]);
  };
  const schedule = (): void => { if (!frame) frame = requestAnimationFrame(update); };
  addEventListener('scroll', schedule, { passive: true });
  addEventListener('resize', schedule);
  update();
  return () => { removeEventListener('scroll', schedule); removeEventListener('resize', schedule); };
}

/** Below this width the ToC collapses (matches the CSS breakpoint). */
export const TOC_COLLAPSE_QUERY = '(max-width: 74.99rem)';

/** Add a toggle button that shows or hides the list; collapsed by default on narrow screens. */
export function makeCollapsible(toc: HTMLElement, doc: Document = document): void {
  const list = toc.querySelector<HTMLElement>('ol, ul');
  if (!list || toc.querySelector('.toc-toggle')) return;
  if (!list.id) list.id = 'toc-list';
  const title = toc.querySelector<HTMLElement>('h2, h3, .toc-title');
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'toc-toggle';
  button.setAttribute('aria-controls', list.id);
  button.textContent = title?.textContent?.trim() || 'Contents';
  // Keep the heading (document outline); the button goes inside it.
  if (title) { title.replaceChildren(button); title.classList.add('toc-heading'); } else toc.prepend(button);
  const narrow = matchMedia(TOC_COLLAPSE_QUERY);
  const set = (open: boolean): void => {
    button.setAttribute('aria-expanded', String(open));
    toc.classList.toggle('is-collapsed', !open);
  };
  set(!narrow.matches);
  button.addEventListener('click', () => set(button.getAttribute('aria-expanded') !== 'true'));
  narrow.addEventListener('change', () => set(!narrow.matches));
  list.addEventListener('click', (e) => {
    if (narrow.matches && (e.target as Element).closest('a')) set(false);
  });
}

export function initToc(doc: Document = document): void {
  const toc = findToc(doc);
  if (!toc) return;
  makeCollapsible(toc, doc);
  trackActiveSection(toc, doc);
}
