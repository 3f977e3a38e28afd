/**
 * Build errors that point (STYLE.md): every problem in an article is reported
 * as `file:line:column: message`, like a compiler, with the file path relative
 * to the project root and 1-based line and column.
 */

/** One positioned problem in an article source or in the bibliography. */
export class ArticleError extends Error {
  override readonly name = 'ArticleError';
  /**
   * Every error found in the same run, in document order (this one first).
   * Authors fix several mistakes per build instead of one.
   */
  all: ArticleError[] = [this];

  constructor(
    /** Path relative to the project root, e.g. `articles/02-kernel-recursion.md`. */
    readonly file: string,
    /** 1-based line. */
    readonly line: number,
    /** 1-based column. */
    readonly column: number,
    message: string,
  ) {
    super(message);
  }

  /** `file:line:column: message`. */
  override toString(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message}`;
  }
}

/**
 * Collects errors while the pipeline keeps going, so one build reports every
 * problem; `throwIfAny` throws the first in document order with `.all` set.
 */
export class Diagnostics {
  private readonly errors: ArticleError[] = [];

  /** `fileOrder` lists files in reading order; unknown files sort last. */
  constructor(private readonly fileOrder: readonly string[] = []) {}

  add(error: ArticleError): void {
    this.errors.push(error);
  }

  get count(): number {
    return this.errors.length;
  }

  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const rank = (f: string): number => {
      const i = this.fileOrder.indexOf(f);
      return i < 0 ? this.fileOrder.length : i;
    };
    const sorted = [...this.errors].sort((a, b) =>
      rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    const first = sorted[0];
    first.all = sorted;
    throw first;
  }
}

/**
 * A few lines of source around a position with a caret under the column
 * (shown in Vite's error overlay and the terminal).
 */
export function codeFrame(source: string, line: number, column: number, context = 2): string {
  const lines = source.split(/\r?\n/);
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, line + context);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const mark = n === line ? '>' : ' ';
    out.push(`${mark} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}
