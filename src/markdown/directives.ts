/**
 * Block directives of the article: `::widget{...}` leaf directives,
 * `:::figure` and `:::aside` containers. Anything else is an error.
 */
import type { Nodes, Root } from 'mdast';
import { closest } from '../ui/params';
import { asideDirective, figureDirective, type FigureInfo } from './figures';
import type { SourceFile } from './source';
import { widgetDirective, type SchemaRegistry } from './widgets';

const CONTAINERS = ['figure', 'aside'];

export interface DirectiveState {
  schemas: SchemaRegistry;
  /** Figures so far (all files), in reading order. */
  figures: FigureInfo[];
}

/** Transform the directives of one file; figures are appended to `state.figures`. */
export function transformDirectives(tree: Root, file: SourceFile, state: DirectiveState): void {
  const walk = (node: Nodes, inFigure: string[] | null): void => {
    if (node.type === 'leafDirective') {
      const name = widgetDirective(node, file, state.schemas);
      if (name && inFigure) inFigure.push(name);
      return;
    }
    if (node.type === 'containerDirective') {
      if (node.name === 'figure') {
        if (inFigure) file.errorAtNode(node, 'a figure cannot contain another figure');
        const widgets: string[] = [];
        for (const child of node.children) walk(child, widgets);
        state.figures.push(figureDirective(node, file, state.figures.length + 1, widgets));
        return;
      }
      if (node.name === 'aside') asideDirective(node, file);
      else if (state.schemas[node.name]) {
        file.errorAtNode(node, `widget "${node.name}" is a leaf directive: write "::${node.name}{...}" (two colons) on one line`);
      } else {
        const best = closest(node.name, CONTAINERS);
        file.errorAtNode(node, `unknown container directive ":::${node.name}"${best ? ` (did you mean ":::${best}"?)` : ' (expected :::figure or :::aside)'}`);
      }
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child, inFigure);
  };
  walk(tree, null);
}
