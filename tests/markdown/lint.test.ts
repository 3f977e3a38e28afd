/**
 * Directive lint: prose with colons stays prose; every way a directive can
 * be mistyped is an error at the directive.
 */
import { describe, expect, it } from 'vitest';
import { renderArticle } from '../../src/markdown/render';
import { fakeSchemas } from './fake-schemas';
import { positionOf, thrownBy } from './helpers';

const HEAD = '---\ntitle: T\n---\n\n';
const render = (body: string) => renderArticle([{ path: 'a.md', source: HEAD + body }], '', { schemas: fakeSchemas });
/** The first error for `body`, as `line:column: message`, with the position expected at `needle`. */
function firstError(body: string): string {
  const err = thrownBy(() => render(body));
  return `${err.line}:${err.column}: ${err.message}`;
}
const at = (body: string, needle: string): string => {
  const p = positionOf(HEAD + body, needle);
  return `${p.line}:${p.column}`;
};

describe('prose is not a directive', () => {
  it('keeps colons in ordinary text, links and code exactly as written', () => {
    const body = 'Ratios 1:2 and 3:4; note: this; key:value; at 10:30am; (a:b); see http://example.org/x:y and `::code{x` and :) done.\n';
    const html = render(body).html;
    expect(html).toContain('Ratios 1:2 and 3:4; note: this; key:value; at 10:30am; (a:b); see');
    expect(html).toContain('<code>::code{x</code> and :) done.');
  });

  it('an escaped colon at the start of a paragraph is text', () => {
    expect(render('\\:name is literal.\n').html).toContain('<p>:name is literal.</p>');
  });
});

describe('malformed directives are errors at the directive', () => {
  const cases: [string, string, string][] = [
    ['unclosed brace', 'Text.\n\n::kernel-recursion{depth=3\n', 'malformed directive "::kernel-recursion{depth=3": unclosed "{"'],
    ['space after colons', 'Text.\n\n::: aside\nnote\n', 'malformed directive "::: aside": no space allowed between the colons and the name'],
    ['text after the attributes', '::kernel-recursion{depth=3} and more\n', 'malformed directive "::kernel-recursion{depth=3} and more": text after "}"; a directive must be alone on its line'],
    ['unclosed quote', '::kernel-recursion{activation="relu}\n', 'malformed directive "::kernel-recursion{activation="relu}": unclosed quote in attributes'],
    ['stray closing fence', 'Text.\n\n:::\n', 'stray ":::": closing fence without an open :::figure or :::aside'],
    ['unknown inline directive at paragraph start', ':kernel-recursion{depth=3} inline\n', 'unknown directive ":kernel-recursion{depth=3}" (the article has no inline directives; write "\\:" for a literal colon)'],
  ];
  for (const [name, body, message] of cases) {
    it(name, () => {
      const needle = body.split('\n').find((l) => /^\s*:/.test(l)) as string;
      expect(firstError(body)).toBe(`${at(body, needle.trim())}: ${message}`);
    });
  }

  it('a directive line inside a paragraph (no blank line before it) is checked too', () => {
    const body = 'Some prose\ncontinues here\n::kernel-recursion{depth=3\n';
    expect(firstError(body)).toBe(`${at(body, '::kernel')}: malformed directive "::kernel-recursion{depth=3": unclosed "{"`);
  });

  it('an unclosed :::figure is reported at its opening line', () => {
    const body = 'Intro.\n\n:::figure{#fig:a}\n::kernel-recursion{depth=3}\nCaption.\n\nMore text.\n';
    expect(firstError(body)).toBe(`${at(body, ':::figure')}: ":::figure" is never closed (add a line ":::" after its content)`);
  });

  it('unknown container directives, widgets written as containers and figure attributes', () => {
    expect(firstError(':::figur{#fig:a}\nx\n:::\n')).toBe(`${at(':::figur{#fig:a}\n', ':::figur')}: unknown container directive ":::figur" (did you mean ":::figure"?)`);
    expect(firstError(':::kernel-recursion\nx\n:::\n')).toMatch(/^5:1: widget "kernel-recursion" is a leaf directive/);
    const body = ':::figure{#fig:a layout=pgae}\n::kernel-recursion\ncap\n:::\n';
    expect(firstError(body)).toBe(`${at(body, 'layout=pgae')}: figure layout "pgae" is not one of body, page, screen (did you mean "page"?)`);
    const bad = ':::figure{#recursion}\ncap\n:::\n';
    expect(firstError(bad)).toBe(`${at(bad, '#recursion')}: figure id "recursion" must look like "fig:name" (letters, digits, - and _)`);
  });

  it('value errors for every parameter kind, each at its attribute', () => {
    const line = '::gp-posterior{trainX="0,9" noise=abc width=10.5}\n::kernel-recursion{activation=Relu6 normalize=maybe}\n';
    const err = thrownBy(() => render(line));
    const full = HEAD + line;
    const pos = (n: string) => { const p = positionOf(full, n); return `${p.line}:${p.column}`; };
    expect(err.all.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      `${pos('trainX=')}: widget "gp-posterior": trainX="0,9" has 9, out of range [-3.14159, 3.14159]`,
      `${pos('noise=')}: widget "gp-posterior": noise="abc" is not a number`,
      `${pos('width=')}: widget "gp-posterior": width="10.5" must be an integer`,
      `${pos('activation=')}: widget "kernel-recursion": activation="Relu6" is not one of relu, erf, tanh (did you mean "relu"?)`,
      `${pos('normalize=')}: widget "kernel-recursion": normalize="maybe" is not true or false`,
    ]);
  });

  it('host attributes: id, controls (each a parameter) and eager', () => {
    const ok = render('::kernel-recursion{#demo controls="depth, activation" eager depth=4}\n').html;
    expect(ok).toContain('<ntk-kernel-recursion id="demo" controls="depth, activation" eager="" depth="4">');
    const body = '::kernel-recursion{controls="depth,activaton" eager=maybe}\n';
    const err = thrownBy(() => render(body));
    expect(err.all.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      `${at(body, 'controls=')}: widget "kernel-recursion": controls="depth,activaton" names "activaton", which is not a parameter (did you mean "activation"?)`,
      `${at(body, 'eager=')}: widget "kernel-recursion": eager="maybe" is not true or false`,
    ]);
  });

  it('a footnote reference without definition and a malformed citation are errors', () => {
    const body = 'See [^missing] and [@ok, p. 3].\n';
    const err = thrownBy(() => render(body));
    expect(err.all.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      `${at(body, '[^missing]')}: footnote "[^missing]" has no definition (add a line "[^missing]: ..." in this file)`,
      `${at(body, '@ok')}: malformed citation "[@ok, p. 3]": write [@key] or [@key1; @key2]`,
    ]);
  });
});
