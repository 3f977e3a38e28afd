/**
 * Directive lint (DESIGN.md: "a directive that does not parse is an error, not
 * text") and the clean-up of remark-directive's over-eager inline directives.
 *
 * remark-directive turns `:name` after any non-word character into a text
 * directive, so ordinary prose ("ratio 1:2", "foo:bar", "@fig:x") produces
 * them. The article defines no inline directives, so each one is turned back
 * into the exact source text -- except at the start of a paragraph or with an
 * attribute block, where it can only be a mistyped directive (an error).
 */
import type { Nodes, Paragraph, Parent, Root } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { eachParent, mergeTexts } from './mdast';
import type { SourceFile } from './source';

const shorten = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

/** Why a line that starts with colons is not a directive. */
export function diagnoseDirectiveLine(raw: string): string {
  const line = raw.trimEnd();
  const quoted = `"${shorten(line)}"`;
  if (/^:{3,}$/.test(line)) return `stray ${quoted}: closing fence without an open :::figure or :::aside`;
  if (/^:{2,}\s+\S/.test(line)) return `malformed directive ${quoted}: no space allowed between the colons and the name`;
  const opens = (line.match(/\{/g) ?? []).length;
  const closes = (line.match(/\}/g) ?? []).length;
  if (opens > closes) return `malformed directive ${quoted}: unclosed "{"`;
  if ((line.match(/\[/g) ?? []).length > (line.match(/\]/g) ?? []).length) return `malformed directive ${quoted}: unclosed "["`;
  const attrs = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
  if ((attrs.match(/"/g) ?? []).length % 2 === 1) return `malformed directive ${quoted}: unclosed quote in attributes`;
  if (/^:+[\w-]+(\[[^\]]*\])?\{[^}]*\}\s*\S/.test(line)) return `malformed directive ${quoted}: text after "}"; a directive must be alone on its line`;
  if (/^:+[^\w]/.test(line)) return `malformed directive ${quoted}: expected a name after the colons`;
  return `malformed directive ${quoted}: expected "::widget-name{key=value ...}" or ":::figure{#fig:id}" on a line of its own`;
}

/**
 * Report paragraphs that contain a line starting with `::` (a directive that
 * did not parse) or that start with `:` and a letter.
 */
export function lintParagraphs(tree: Root, file: SourceFile): void {
  eachParent(tree, (parent) => {
    for (const child of parent.children as Nodes[]) {
      if (child.type !== 'paragraph') continue;
      const start = file.startOf(child);
      const lines = file.sliceOf(child).split('\n');
      let offset = start;
      lines.forEach((line, i) => {
        const indent = /^[\s>]*/.exec(line)?.[0].length ?? 0;
        const rest = line.slice(indent);
        if (rest.startsWith('::') || (i === 0 && /^:[A-Za-z]/.test(rest))) {
          file.errorAt(offset + indent, rest.startsWith('::') ? diagnoseDirectiveLine(rest)
            : `unknown directive "${shorten(rest.split(/\s/)[0])}" (the article has no inline directives; write "\\:" for a literal colon)`);
        }
        offset += line.length + 1;
      });
    }
  });
}

/** Container directives whose closing `:::` is missing run to the end of the file. */
export function lintUnclosedContainers(tree: Root, file: SourceFile): void {
  eachParent(tree, (parent) => {
    if (parent.type !== 'containerDirective') return;
    const node = parent as ContainerDirective;
    const lines = file.sliceOf(node).split('\n');
    const last = lines[lines.length - 1].replace(/^[\s>]*/, '');
    if (lines.length < 2 || !/^:{3,}\s*$/.test(last)) {
      file.errorAtNode(node, `":::${node.name}" is never closed (add a line ":::" after its content)`);
    }
  });
}

/**
 * Turn inline directives back into their source text; report the ones that
 * can only be mistakes. Link references whose label starts with `@` (a
 * citation that matched a definition) become text too, for the citation pass.
 */
export function restoreInlineDirectives(tree: Root, file: SourceFile): void {
  eachParent(tree, (parent: Parent) => {
    parent.children = (parent.children as Nodes[]).map((child, index) => {
      if (child.type === 'textDirective') {
        const source = file.sliceOf(child);
        const atParagraphStart = parent.type === 'paragraph' && index === 0;
        if (/\{/.test(source) && !atParagraphStart) {
          file.errorAtNode(child, `unknown inline directive "${shorten(source)}" (write "\\:" for a literal colon)`);
        }
        // Paragraph starts were reported by lintParagraphs.
        return { type: 'text', value: source, position: child.position };
      }
      if (child.type === 'linkReference' && /^\[@/.test(file.sliceOf(child))) {
        return { type: 'text', value: file.sliceOf(child), position: child.position };
      }
      return child;
    }) as Paragraph['children'];
  });
  mergeTexts(tree);
}
