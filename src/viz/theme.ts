/**
 * Shared look of every chart: a colour-blind-safe categorical palette
 * (Tableau 10, as in d3.schemeTableau10), type sizes in CSS pixels, and the
 * faint ink used for grids and guides. Charts draw text and axes in
 * `currentColor`, so they follow the page's text colour.
 */
import { schemeTableau10 } from 'd3';

/** Named entries of Tableau 10 (distinguishable under the common colour-vision deficiencies). */
export const colors = {
  blue: schemeTableau10[0],
  orange: schemeTableau10[1],
  red: schemeTableau10[2],
  teal: schemeTableau10[3],
  green: schemeTableau10[4],
  yellow: schemeTableau10[5],
  purple: schemeTableau10[6],
  pink: schemeTableau10[7],
  brown: schemeTableau10[8],
  grey: schemeTableau10[9],
} as const;

/** Type sizes (CSS px; the SVG viewBox equals the layout size, so these stay true on screen). */
export const fontSize = { tick: 11, label: 12, annotation: 11 } as const;

/** Opacity of grid lines and other guides drawn in currentColor. */
export const guideOpacity = 0.12;
