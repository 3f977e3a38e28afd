/**
 * Hover cards for citations and footnotes. The build puts a hidden static
 * card right after each reference (`<a class="citation">[3]</a><span
 * class="cite-card" role="tooltip">…</span>`); without JavaScript CSS shows it
 * on hover. Here we add what CSS cannot: a short delay, staying open while the
 * pointer is over the card, focus support, Escape to close, and placement
 * inside the viewport. Footnote references without a card get one built from
 * the footnote's text.
 */

/** Links that open a card. */
export const CARD_TRIGGERS = 'a.citation, a.footnote-ref, a[data-footnote-ref]';
/** Static cards emitted by the build. */
export const CARD_SELECTOR = '.cite-card, .footnote-card';

const OPEN_DELAY_MS = 120;
const CLOSE_DELAY_MS = 200;

/** The card belonging to a trigger: next sibling of the link, or of its <sup>. */
export function findCard(trigger: Element): HTMLElement | null {
  for (const node of [trigger, trigger.parentElement?.tagName === 'SUP' ? trigger.parentElement : null]) {
    const next = node?.nextElementSibling;
    if (next && next.matches(CARD_SELECTOR)) return next as HTMLElement;
  }
  const inside = trigger.querySelector(CARD_SELECTOR);
  return inside as HTMLElement | null;
}

/** Build a card from the footnote the link points to (GFM footnotes). */
function footnoteCard(trigger: HTMLAnchorElement, doc: Document): HTMLElement | null {
  const id = decodeURIComponent(trigger.hash.slice(1));
  const note = id ? doc.getElementById(id) : null;
  if (!note) return null;
  const card = doc.createElement('span');
  card.className = 'footnote-card';
  card.setAttribute('role', 'tooltip');
  const copy = note.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[data-footnote-backref], .footnote-backref, .footnote-back').forEach((b) => b.remove());
  card.innerHTML = copy.innerHTML;
  const anchor = trigger.parentElement?.tagName === 'SUP' ? trigger.parentElement : trigger;
  anchor.after(card);
  return card;
}

/** Place a fixed-position card below (or above) the trigger, inside the viewport. */
export function placeCard(card: HTMLElement, trigger: Element, view = { width: innerWidth, height: innerHeight }): void {
  const r = trigger.getBoundingClientRect();
  const margin = 8;
  const width = Math.min(card.offsetWidth || 320, view.width - 2 * margin);
  const height = card.offsetHeight;
  const left = Math.min(Math.max(margin, r.left + r.width / 2 - width / 2), view.width - width - margin);
  const below = r.bottom + 6;
  const top = below + height > view.height - margin && r.top - 6 - height > margin ? r.top - 6 - height : below;
  card.style.left = `${Math.round(left)}px`;
  card.style.top = `${Math.round(top)}px`;
}

let cardCount = 0;

/** Cards currently open; one scroll listener closes them (fixed position would drift). */
const openCards = new Set<HTMLElement>();
let scrollListening = false;
function closeOnScroll(): void {
  if (scrollListening) return;
  scrollListening = true;
  window.addEventListener('scroll', () => {
    for (const c of openCards) c.classList.remove('is-open');
    openCards.clear();
  }, { passive: true });
}

function wire(trigger: HTMLAnchorElement, card: HTMLElement): void {
  cardCount += 1;
  if (!card.id) card.id = `card-${cardCount}`;
  card.setAttribute('role', 'tooltip');
  trigger.setAttribute('aria-describedby', card.id);
  let timer = 0;
  const open = (): void => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      card.classList.add('is-open');
      openCards.add(card);
      placeCard(card, trigger);
    }, OPEN_DELAY_MS);
  };
  const hide = (): void => { card.classList.remove('is-open'); openCards.delete(card); };
  const close = (now = false): void => {
    clearTimeout(timer);
    if (now) { hide(); return; }
    timer = window.setTimeout(hide, CLOSE_DELAY_MS);
  };
  trigger.addEventListener('pointerenter', open);
  trigger.addEventListener('pointerleave', () => close());
  trigger.addEventListener('focus', open);
  trigger.addEventListener('blur', () => close(true));
  trigger.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(true); });
  card.addEventListener('pointerenter', () => clearTimeout(timer));
  card.addEventListener('pointerleave', () => close());
}

/** Enhance every citation and footnote reference under `root`. Returns how many were wired. */
export function initHoverCards(root: ParentNode = document): number {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  let n = 0;
  closeOnScroll();
  root.querySelectorAll<HTMLAnchorElement>(CARD_TRIGGERS).forEach((trigger) => {
    const card = findCard(trigger) ?? (trigger.matches('a.citation') ? null : footnoteCard(trigger, doc));
    if (!card) return;
    wire(trigger, card);
    n += 1;
  });
  return n;
}
