/** Number formatting shared by axes, readouts and snapshots. */

/** Round to `digits` significant digits and return a plain number (non-finite values pass through). */
export function roundSig(v: number, digits = 6): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(digits));
}

/** Round every entry of an array (for snapshots). */
export function roundAll(values: ArrayLike<number>, digits = 6): number[] {
  return Array.from(values, (v) => roundSig(v, digits));
}

/** A readout number: 3 significant digits, "∞" for Infinity, "—" for NaN. */
export function formatReadout(v: number, digits = 3): string {
  if (Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Math.abs(v) < 1e-12) return '0';
  const s = Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
  return s.replace('-', '−');
}

/**
 * Ticks at multiples of π/k inside [lo, hi], labelled "−π", "π/2", "3π/4" …
 * `k` is chosen so there are at most `maxTicks` ticks.
 */
export function piTicks(lo: number, hi: number, maxTicks: number): { values: number[]; format: (v: number) => string } {
  const divisions = [4, 2, 1];
  let k = 1;
  for (const d of divisions) {
    const count = Math.floor((hi * d) / Math.PI + 1e-9) - Math.ceil((lo * d) / Math.PI - 1e-9) + 1;
    if (count <= Math.max(2, maxTicks)) { k = d; break; }
  }
  const values: number[] = [];
  for (let m = Math.ceil((lo * k) / Math.PI - 1e-9); m <= Math.floor((hi * k) / Math.PI + 1e-9); m++) values.push((m * Math.PI) / k + 0); // + 0: no −0
  const format = (v: number): string => {
    const m = Math.round((v * k) / Math.PI);
    if (m === 0) return '0';
    const g = gcd(Math.abs(m), k);
    const num = m / g;
    const den = k / g;
    const numText = num === 1 ? 'π' : num === -1 ? '−π' : `${String(num).replace('-', '−')}π`;
    return den === 1 ? numText : `${numText}/${den}`;
  };
  return { values, format };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
