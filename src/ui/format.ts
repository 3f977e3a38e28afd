/**
 * Human-readable values for controls, aria-valuetext and the footer.
 * Pure: no DOM.
 */
import type { ParamSpec, ParamValue } from './params';

/** Number of decimals a step such as 0.05 or 0.005 needs. */
export function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0 || Number.isInteger(step)) return 0;
  const s = String(step);
  const exp = /e-(\d+)$/.exec(s);
  if (exp) return Number(exp[1]);
  return s.split('.')[1]?.length ?? 0;
}

/** The value as the reader sees it, without the unit (e.g. "0.05", "512", "ReLU", "on"). */
export function formatValue(spec: ParamSpec, value: ParamValue): string {
  switch (spec.kind) {
    case 'int': return String(Math.round(value as number));
    case 'float': return (value as number).toFixed(decimalsOf(spec.step));
    case 'log': {
      const v = value as number;
      if (spec.integer) return String(Math.round(v));
      return Number(v.toPrecision(3)).toString();
    }
    case 'enum': return spec.optionLabels?.[value as string] ?? String(value);
    case 'bool': return value ? 'on' : 'off';
    case 'list': {
      const n = (value as number[]).length;
      return `${n} value${n === 1 ? '' : 's'}`;
    }
  }
}

/** Value with its unit, for aria-valuetext ("512 units", "0.05"). */
export function formatWithUnit(spec: ParamSpec, value: ParamValue): string {
  const v = formatValue(spec, value);
  return spec.unit ? `${v} ${spec.unit}` : v;
}
