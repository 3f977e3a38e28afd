/**
 * The reading-order pass over the text: `[@key]` citations, `@fig:id`
 * references, GFM footnote references (and `[^x]` left as text because its
 * definition is missing). Numbers are assigned where the reader meets them:
 * a footnote's own citations are resolved at its first reference.
 */
import type { Nodes } from 'mdast';
import { closest } from '../ui/params';
import type { Citations } from './citations';
import { FIGURE_REF, figureRef, type FigureInfo } from './figures';
import { UNDEFINED_FOOTNOTE, type Footnotes } from './footnotes';
import { hastCarrier, replaceInText } from './mdast';
import { CITATION } from './citations';
import type { SourceFile } from './source';

export interface InlineState {
  /** Figures by id, over the whole article (references may point forward). */
  figures: ReadonlyMap<string, FigureInfo>;
  citations: Citations;
  footnotes: Footnotes;
}

const PATTERN = new RegExp(`${CITATION.source}|${FIGURE_REF.source}|${UNDEFINED_FOOTNOTE.source}`, 'g');

/** Resolve everything inline in `node` (a file's tree or a footnote definition). */
export function resolveInline(node: Nodes, file: SourceFile, state: InlineState): void {
  replaceInText(node, file, PATTERN, (m, offset) => {
    const text = m[0];
    if (text.startsWith('[@')) {
      const els = state.citations.render(text, offset, file);
      return els ? els.map(hastCarrier) : null;
    }
    if (text.startsWith('@fig:')) {
      const id = text.slice(1);
      const fig = state.figures.get(id);
      if (fig) return [figureRef(id, fig.number)];
      const best = closest(id, [...state.figures.keys()]);
      file.errorAt(offset, `unknown figure reference "@${id}"${best ? ` (did you mean "@${best}"?)` : ' (no :::figure has this id)'}`);
      return null;
    }
    file.errorAt(offset, `footnote "${text}" has no definition (add a line "${text}: ..." in this file)`);
    return null;
  }, (child) => {
    if (child.type !== 'footnoteReference') return undefined;
    return state.footnotes.reference(child, file, (def) => resolveInline(def, file, state));
  });
}
