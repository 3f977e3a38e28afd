/**
 * One source file (an article section or the bibliography) with offset <->
 * line/column conversion, so every transform can report exact positions.
 */
import type { Node } from 'unist';
import { ArticleError, type Diagnostics } from './errors';

export class SourceFile {
  /** Offsets at which each line starts (index 0 = line 1). */
  private readonly lineStarts: number[] = [0];

  constructor(
    /** Path relative to the project root, used in error messages. */
    readonly path: string,
    readonly text: string,
    private readonly diagnostics: Diagnostics,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of a 0-based offset. */
  pointAt(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo] + 1 };
  }

  /** A unist point (line, column, offset) for an offset. */
  pointWithOffset(offset: number): { line: number; column: number; offset: number } {
    return { ...this.pointAt(offset), offset };
  }

  /** 0-based offset of a 1-based line and column. */
  offsetAt(line: number, column: number): number {
    const start = this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
    return Math.min(this.text.length, start + column - 1);
  }

  /** Start offset of a node (0 when the node has no position). */
  startOf(node: Node): number {
    const p = node.position?.start;
    if (!p) return 0;
    return p.offset ?? this.offsetAt(p.line, p.column);
  }

  /** End offset of a node. */
  endOf(node: Node): number {
    const p = node.position?.end;
    if (!p) return this.startOf(node);
    return p.offset ?? this.offsetAt(p.line, p.column);
  }

  /** Text from `offset` to the end of its line (newline excluded). */
  restOfLine(offset: number): string {
    const end = this.text.indexOf('\n', offset);
    return this.text.slice(offset, end < 0 ? this.text.length : end);
  }

  /** The exact source text of a node. */
  sliceOf(node: Node): string {
    return this.text.slice(this.startOf(node), this.endOf(node));
  }

  /**
   * Source offset of `value[index]` for a node whose string value is `value`
   * (a text node, a math node). Exact when the value appears verbatim in the
   * node's source; otherwise value and source are aligned greedily, which
   * skips what Markdown removed (escapes, continuation-line indentation,
   * entity spelling). Falls back to the node start.
   */
  offsetInNode(node: Node, value: string, index: number): number {
    const start = this.startOf(node);
    const slice = this.sliceOf(node);
    const at = slice.indexOf(value);
    if (at >= 0) return start + at + index;
    let j = 0;
    for (let i = 0; i <= index && j < slice.length; j++) {
      if (slice[j] !== value[i]) continue;
      if (i === index) return start + j;
      i++;
    }
    return start;
  }

  /** Record an error at a 0-based offset. */
  errorAt(offset: number, message: string): ArticleError {
    const { line, column } = this.pointAt(offset);
    const err = new ArticleError(this.path, line, column, message);
    this.diagnostics.add(err);
    return err;
  }

  /** Record an error at the start of a node. */
  errorAtNode(node: Node, message: string): ArticleError {
    return this.errorAt(this.startOf(node), message);
  }
}
