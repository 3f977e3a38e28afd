/**
 * Named <g> layers: `layer(plot, 'band')` returns the group with that class,
 * creating it (appended, so creation order = stacking order) the first time.
 */
import type { Selection } from 'd3';

export type Group = Selection<SVGGElement, unknown, null, undefined>;

export function layer(parent: Group, name: string): Group {
  const existing = parent.select<SVGGElement>(`:scope > g.${name}`);
  if (!existing.empty()) return existing as unknown as Group;
  return parent.append('g').attr('class', name) as Group;
}
