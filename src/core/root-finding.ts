/**
 * Bracketed root finding: the Illinois variant of regula falsi (Dowell & Jarratt 1971),
 * superlinear (order ~1.44) and never leaving the bracket, with a bisection step whenever
 * the interval fails to halve.
 */

/**
 * A root of g in [lo, hi] given g(lo) and g(hi) of opposite signs (or one of them 0).
 * Stops when the bracket is below `tolerance` * max(1, |x|) or after 200 evaluations.
 */
export function findRoot(g: (x: number) => number, lo: number, hi: number, tolerance = 4e-16): number {
  let a = lo;
  let b = hi;
  let fa = g(a);
  let fb = g(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) throw new Error(`findRoot: no sign change on [${lo}, ${hi}]`);
  let side = 0;
  for (let k = 0; k < 200; k++) {
    const width = Math.abs(b - a);
    if (width <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))) break;
    let c = (a * fb - b * fa) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
    const fc = g(c);
    if (fc === 0) return c;
    if (fc > 0 === fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa *= 0.5;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb *= 0.5;
      side = 1;
    }
    // Guarantee progress: if the bracket did not shrink by half, bisect once.
    if (Math.abs(b - a) > 0.5 * width) {
      const m = 0.5 * (a + b);
      const fm = g(m);
      if (fm === 0) return m;
      if (fm > 0 === fb > 0) {
        b = m;
        fb = fm;
      } else {
        a = m;
        fa = fm;
      }
      side = 0;
    }
  }
  return Math.abs(fa) < Math.abs(fb) ? a : b;
}
