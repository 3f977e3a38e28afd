/**
 * One test per build error kind (SITE_CONTRACT.md): the message and its exact
 * line and column, with positions computed from the fixture text.
 */
import { describe, expect, it } from 'vitest';
import { renderArticle } from '../../src/markdown/render';
import { fakeSchemas } from './fake-schemas';
import { expectError, fixtureText, positionOf, renderErrorFixture, thrownBy } from './helpers';

const file = (name: string): string => `tests/markdown/fixtures/errors/${name}`;

describe('build errors point at file:line:column', () => {
  it('the error intro alone renders (so each failure below comes from its fixture)', () => {
    const r = renderArticle([{ path: 'x/00.md', source: fixtureText('errors/00-intro.md') }], fixtureText('errors/references.bib'), { schemas: fakeSchemas });
    expect(r.figures.map((f) => f.id)).toEqual(['fig:recursion']);
  });

  it('unknown widget, with a did-you-mean', () => {
    const name = 'unknown-widget.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), '::kernal-recursion'),
      'unknown widget "kernal-recursion" (did you mean "kernel-recursion"?)');
    expect(err.all).toHaveLength(1);
  });

  it('unknown attribute, pointing at the attribute', () => {
    const name = 'unknown-attribute.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), 'weightVarience=2'),
      'unknown attribute "weightVarience" for widget "kernel-recursion" (did you mean "weightVariance"?)');
  });

  it('out-of-range attribute, pointing at the attribute', () => {
    const name = 'out-of-range.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), 'depth=80'),
      'widget "kernel-recursion": depth="80" is out of range [1, 50]');
  });

  it('unknown citation key, pointing at the key inside a multi-key citation', () => {
    const name = 'unknown-citation.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), '@lee2019wdie'),
      'unknown citation key "lee2019wdie" (did you mean "lee2019wide"?)');
  });

  it('malformed directive (unclosed "{")', () => {
    const name = 'malformed-directive.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), '::kernel-recursion{'),
      'malformed directive "::kernel-recursion{depth=3 activation=relu": unclosed "{"');
  });

  it('KaTeX parse error, pointing at the bad command inside display math', () => {
    const name = 'katex-error.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), '\\frca'),
      'KaTeX parse error: Undefined control sequence: \\frca');
  });

  it('KaTeX parse error in inline math, on a continuation line of a paragraph', () => {
    const source = '---\ntitle: T\n---\n\nSome text\nand then $a + \\bad{x}$ here.\n';
    const err = thrownBy(() => renderArticle([{ path: 'articles/00-a.md', source }], '', { schemas: fakeSchemas }));
    expectError(err, 'articles/00-a.md', positionOf(source, '\\bad'), 'KaTeX parse error: Undefined control sequence: \\bad');
  });

  it('unknown @fig reference (the known one on the line above resolves)', () => {
    const name = 'unknown-figure-ref.md';
    const err = renderErrorFixture(name);
    expectError(err, file(name), positionOf(fixtureText(`errors/${name}`), '@fig:recursoin'),
      'unknown figure reference "@fig:recursoin" (did you mean "@fig:recursion"?)');
    expect(err.all).toHaveLength(1);
  });

  it('reports every error of a run in document order, first one thrown', () => {
    const a = fixtureText('errors/out-of-range.md');
    const b = fixtureText('errors/unknown-citation.md');
    const err = thrownBy(() => renderArticle(
      [{ path: 'a/00.md', source: fixtureText('errors/00-intro.md') }, { path: 'a/01.md', source: b }, { path: 'a/02.md', source: a }],
      fixtureText('errors/references.bib'), { schemas: fakeSchemas },
    ));
    const p1 = positionOf(b, '@lee2019wdie');
    const p2 = positionOf(a, 'depth=80');
    expect(err.all.map(String)).toEqual([
      `a/01.md:${p1.line}:${p1.column}: unknown citation key "lee2019wdie" (did you mean "lee2019wide"?)`,
      `a/02.md:${p2.line}:${p2.column}: widget "kernel-recursion": depth="80" is out of range [1, 50]`,
    ]);
    expect(err).toBe(err.all[0]);
  });
});
