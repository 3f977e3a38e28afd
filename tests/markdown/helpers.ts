/** Shared helpers for the Markdown tests: fixtures, expected positions, caught errors. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ArticleError } from '../../src/markdown/errors';
import { renderArticle, type ArticleFile, type RenderedArticle } from '../../src/markdown/render';
import { fakeSchemas } from './fake-schemas';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fixture as an article file, with the path an error message must show. */
export function fixture(rel: string): ArticleFile {
  return { path: `tests/markdown/fixtures/${rel}`, source: fs.readFileSync(path.join(FIXTURES, rel), 'utf8') };
}

export function fixtureText(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/**
 * 1-based line and column of the `occurrence`-th (1-based) `needle` in
 * `text`, computed independently of the code under test.
 */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k < occurrence; k++) {
    i = text.indexOf(needle, i + 1);
    expect(i, `"${needle}" #${k + 1} in fixture`).toBeGreaterThanOrEqual(0);
  }
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** The ArticleError thrown by `fn` (fails the test when nothing or something else is thrown). */
export function thrownBy(fn: () => unknown): ArticleError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ArticleError);
    return e as ArticleError;
  }
  throw new Error('expected an ArticleError, nothing was thrown');
}

/** Render the happy-path fixture with the fake schemas. */
export function renderHappy(): RenderedArticle {
  return renderArticle(
    [fixture('happy/00-intro.md'), fixture('happy/01-posterior.md')],
    fixtureText('happy/references.bib'),
    { schemas: fakeSchemas, bibPath: 'tests/markdown/fixtures/happy/references.bib' },
  );
}

/** Render the error intro followed by one error fixture; return the error. */
export function renderErrorFixture(name: string): ArticleError {
  return thrownBy(() => renderArticle(
    [fixture('errors/00-intro.md'), fixture(`errors/${name}`)],
    fixtureText('errors/references.bib'),
    { schemas: fakeSchemas },
  ));
}

/** Assert one error: file, position, message, and the `file:line:column: message` form. */
export function expectError(err: ArticleError, file: string, at: { line: number; column: number }, message: string): void {
  expect(err.file).toBe(file);
  expect(err.message).toBe(message);
  expect({ line: err.line, column: err.column }).toEqual(at);
  expect(String(err)).toBe(`${file}:${at.line}:${at.column}: ${message}`);
}
