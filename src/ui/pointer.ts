/**
 * Pointer position in an element's own (untransformed) CSS pixels.
 *
 * `event.offsetX` and `getScreenCTM` are wrong or inconsistent when an
 * ancestor is scaled with a CSS transform (reveal.js scales whole slides).
 * The bounding rectangle is always in screen pixels, so the fraction
 * (clientX - rect.left) / rect.width is right under any scale; multiplying
 * by the layout width gives coordinates in the element's own pixels.
 */
export interface LocalPoint {
  /** Horizontal position in the element's layout pixels (0 = left edge). */
  x: number;
  /** Vertical position in the element's layout pixels (0 = top edge). */
  y: number;
  /** Horizontal fraction of the element's width, 0..1 inside it. */
  fx: number;
  /** Vertical fraction of the element's height, 0..1 inside it. */
  fy: number;
}

/** Untransformed layout size of an element (HTML or outer SVG). */
export function layoutSize(element: Element): { width: number; height: number } {
  const rect = element.getBoundingClientRect();
  const html = element as HTMLElement;
  const width = html.offsetWidth || element.clientWidth || rect.width;
  const height = html.offsetHeight || element.clientHeight || rect.height;
  return { width, height };
}

/** Where a pointer (or mouse/touch-like) event is, relative to `element`. */
export function localPointer(event: { clientX: number; clientY: number }, element: Element): LocalPoint {
  const rect = element.getBoundingClientRect();
  const fx = rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0;
  const fy = rect.height > 0 ? (event.clientY - rect.top) / rect.height : 0;
  const { width, height } = layoutSize(element);
  return { x: fx * width, y: fy * height, fx, fy };
}

/**
 * Map a local point into an SVG viewBox (user units), for charts drawn with a
 * viewBox and the default preserveAspectRatio (xMidYMid meet).
 */
export function toViewBox(point: LocalPoint, svg: SVGSVGElement): { x: number; y: number } {
  const vb = svg.viewBox.baseVal;
  const { width, height } = layoutSize(svg);
  if (!vb || vb.width === 0 || vb.height === 0 || width === 0 || height === 0) return { x: point.x, y: point.y };
  const scale = Math.min(width / vb.width, height / vb.height);
  const offsetX = (width - vb.width * scale) / 2;
  const offsetY = (height - vb.height * scale) / 2;
  return { x: vb.x + (point.x - offsetX) / scale, y: vb.y + (point.y - offsetY) / scale };
}
