/**
 * Power-law fits for "error against width" plots: least squares of
 * log y = intercept + slope * log x (natural logs). A slope of -1/2 means the
 * quantity falls like n^{-1/2} (Yang 2020, Fig. 1; Lee et al. 2019, Sec. 2.4).
 */
export interface PowerLawFit {
  /** Exponent p in y ~ C x^p. */
  slope: number;
  /** ln C. */
  intercept: number;
  /** Coefficient of determination of the log-log fit. */
  r2: number;
  /** Points used (finite, positive x and y). */
  points: number;
}

/** Fit y ~ C x^p; non-finite or non-positive pairs are skipped. Null with fewer than two usable points. */
export function fitPowerLaw(xs: readonly number[], ys: readonly (number | null)[]): PowerLawFit | null {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (y === null || !(x > 0) || !(y > 0) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    lx.push(Math.log(x));
    ly.push(Math.log(y));
  }
  const n = lx.length;
  if (n < 2) return null;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2, points: n };
}

/** Mean and sample standard deviation of the finite entries; nulls when empty. */
export function meanAndStd(values: readonly number[]): { mean: number | null; std: number | null } {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return { mean: null, std: null };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  if (v.length === 1) return { mean, std: 0 };
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** Round for display and JSON (keeps snapshots small and stable). */
export function round(value: number, digits = 6): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}
