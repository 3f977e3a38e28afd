/**
 * Shrink content to fit a box (embed page, slides): scale it by
 * k = min(1, box height / content height) with a CSS transform, centred
 * horizontally. Layout sizes are unchanged, so widgets that size themselves
 * from their stage width do not re-layout in a loop, and pointer handling
 * that uses getBoundingClientRect ratios stays right (src/ui/pointer.ts).
 */

/** Scale factor that fits `content` (natural size) into `box`; never enlarges. */
export function fitScale(box: { width: number; height: number }, content: { width: number; height: number }): number {
  if (content.height <= 0 || content.width <= 0 || box.height <= 0 || box.width <= 0) return 1;
  return Math.min(1, box.height / content.height, box.width / content.width);
}

/** Keep `content` scaled to fit `box` as either changes size. Returns a disposer. */
export function fitToBox(box: HTMLElement, content: HTMLElement): () => void {
  let frame = 0;
  const apply = (): void => {
    frame = 0;
    // One pixel of slack: clientHeight is rounded, the real box may be a fraction smaller.
    const k = fitScale({ width: box.clientWidth, height: box.clientHeight - 1 }, { width: content.offsetWidth, height: content.offsetHeight });
    content.style.transformOrigin = 'top center';
    content.style.transform = k < 0.999 ? `scale(${k.toFixed(4)})` : '';
  };
  const schedule = (): void => { if (!frame) frame = requestAnimationFrame(apply); };
  const observer = new ResizeObserver(schedule);
  observer.observe(box);
  observer.observe(content);
  apply();
  return () => { observer.disconnect(); cancelAnimationFrame(frame); content.style.transform = ''; };
}
