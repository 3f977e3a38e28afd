/**
 * Shrink content to fit a box (embed page, slides): scale it by
 * k = min(1, box height / content height) with a CSS transform, centred
 * horizontally. Layout sizes are unchanged, so widgets that size themselves
 * from their stage width do not re-layout in a loop, and pointer handling
 * that uses getBoundingClientRect ratios stays right (src/ui/pointer.ts).
 *
 * A tall drawing (five panels in an 800 x 520 frame) would shrink to ~0.3x
 * and become unreadable: below MIN_SCALE the scale stops there (still
 * fitting the width) and the box scrolls vertically instead (the page never does).
 */

/**
 * Smallest scale at which axis labels (11-12 px at scale 1) stay legible
 * (~7 px). Below it the drawing scrolls inside its box instead of shrinking.
 */
export const MIN_SCALE = 0.6;

/** Scale factor that fits `content` (natural size) into `box`; never enlarges. */
export function fitScale(box: { width: number; height: number }, content: { width: number; height: number }): number {
  if (content.height <= 0 || content.width <= 0 || box.height <= 0 || box.width <= 0) return 1;
  return Math.min(1, box.height / content.height, box.width / content.width);
}

/**
 * Scale for `content` in `box` with a readability floor: the fit scale, or
 * MIN_SCALE (never wider than the box) when the fit is smaller; `scroll`
 * says the box must scroll to show the rest.
 */
export function readableScale(box: { width: number; height: number }, content: { width: number; height: number }): { scale: number; scroll: boolean } {
  const k = fitScale(box, content);
  const floor = MIN_SCALE;
  if (k >= floor || content.width <= 0) return { scale: k, scroll: false };
  const byWidth = Math.min(1, box.width / content.width);
  const scale = Math.min(byWidth, floor);
  return { scale, scroll: scale > k + 1e-9 };
}

/** Keep `content` scaled to fit `box` as either changes size. Returns a disposer. */
export function fitToBox(box: HTMLElement, content: HTMLElement): () => void {
  let frame = 0;
  const apply = (): void => {
    frame = 0;
    // One pixel of slack: clientHeight is rounded, the real box may be a fraction smaller.
    const { scale: k, scroll } = readableScale({ width: box.clientWidth, height: box.clientHeight - 1 }, { width: content.offsetWidth, height: content.offsetHeight });
    content.style.transformOrigin = 'top center';
    content.style.transform = k < 0.999 ? `scale(${k.toFixed(4)})` : '';
    // The transformed box still takes its natural height in the layout: pull the
    // space below it back so the scroll range ends at the drawing's scaled bottom.
    content.style.marginBottom = scroll ? `${(-(1 - k) * content.offsetHeight).toFixed(1)}px` : '';
    box.toggleAttribute('data-scroll', scroll);
  };
  const schedule = (): void => { if (!frame) frame = requestAnimationFrame(apply); };
  const observer = new ResizeObserver(schedule);
  observer.observe(box);
  observer.observe(content);
  apply();
  return () => {
    observer.disconnect(); cancelAnimationFrame(frame);
    content.style.transform = ''; content.style.marginBottom = ''; box.removeAttribute('data-scroll');
  };
}
