/**
 * Math `$…$` and `$$…$$` rendered by KaTeX at build time into static HTML
 * (with MathML for screen readers). Rendering here, in the Markdown tree,
 * instead of rehype-katex lets a KaTeX parse error point at the exact
 * character of the formula in the article source.
 */
import katex from 'katex';
import type { Nodes, Root } from 'mdast';
import { eachParent, htmlNode } from './mdast';
import type { SourceFile } from './source';

/** Shared across an article, so `\gdef\R{\mathbb{R}}` in one formula serves the rest. */
export type MacroTable = Record<string, string>;

interface KatexParseError { rawMessage?: string; position?: number; message: string }

/** Render every math node of `tree`; errors are recorded on `file`. */
export function renderMath(tree: Root, file: SourceFile, macros: MacroTable): void {
  eachParent(tree, (parent) => {
    parent.children = (parent.children as Nodes[]).map((node) => {
      if (node.type !== 'math' && node.type !== 'inlineMath') return node;
      const displayMode = node.type === 'math';
      try {
        const html = katex.renderToString(node.value, {
          displayMode, throwOnError: true, output: 'htmlAndMathml', strict: 'ignore', trust: false, macros,
        });
        return htmlNode(displayMode ? `<div class="math-display">${html}</div>` : html);
      } catch (e) {
        const err = e as KatexParseError;
        const index = typeof err.position === 'number' ? err.position : 0;
        const offset = file.offsetInNode(node, node.value, index);
        file.errorAt(offset, `KaTeX parse error: ${err.rawMessage ?? err.message}`);
        return node;
      }
    }) as typeof parent.children;
  });
}
