/**
 * Pointer position in SVG viewBox units, correct under CSS transforms
 * (reveal.js scales slides with `transform: scale(...)`, which offsetX and
 * clientWidth ignore). Uses the rendered box (getBoundingClientRect, which
 * includes transforms) and the viewBox, honouring the default
 * preserveAspectRatio "xMidYMid meet". The mapping itself is the page
 * runtime's (src/ui/pointer.ts); this file adds the helpers charts need.
 */
import { localPointer, toViewBox } from '../ui/pointer';

/** Client (viewport) coordinates -> viewBox coordinates of `svg` (via src/ui/pointer). */
export function clientToViewBox(svg: SVGSVGElement, clientX: number, clientY: number): [number, number] {
  const p = toViewBox(localPointer({ clientX, clientY }, svg), svg);
  return [p.x, p.y];
}

/** How many viewBox units one CSS pixel on screen spans (for hit radii that feel the same at any zoom). */
export function viewBoxUnitsPerPixel(svg: SVGSVGElement): number {
  const rect = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  if (!vb || vb.width <= 0 || rect.width <= 0) return 1;
  return Math.max(vb.width / rect.width, vb.height / rect.height);
}

/** The inverse of `clientToViewBox` (used by tests and to place pop-ups). */
export function viewBoxToClient(svg: SVGSVGElement, x: number, y: number): [number, number] {
  const rect = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  const vbW = vb && vb.width > 0 ? vb.width : rect.width;
  const vbH = vb && vb.height > 0 ? vb.height : rect.height;
  const scale = Math.min(rect.width / vbW, rect.height / vbH);
  const offsetX = (rect.width - vbW * scale) / 2;
  const offsetY = (rect.height - vbH * scale) / 2;
  return [rect.left + offsetX + (x - (vb?.x ?? 0)) * scale, rect.top + offsetY + (y - (vb?.y ?? 0)) * scale];
}
