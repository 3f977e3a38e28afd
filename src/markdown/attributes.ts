/**
 * remark-directive gives a directive's attributes as a plain record without
 * positions. To point errors at the offending `key=value`, re-scan the
 * directive's opening line: `::name[label]{#id .class key=value key="v w" flag}`.
 */

export interface AttributeToken {
  /** `id` for `#x`, `class` for `.x`, else the key as written. */
  key: string;
  /** Value as written, without quotes ('' for a bare flag). */
  value: string;
  /** Offset of the key (or of `#` / `.`) within the scanned text. */
  offset: number;
}

/**
 * Tokens of the first `{...}` attribute block after the directive name in
 * `line` (which starts at the directive's colons). Offsets are relative to `line`.
 */
export function scanAttributes(line: string): AttributeToken[] {
  let i = /^:+[^\s[{]*/.exec(line)?.[0].length ?? 0;
  if (line[i] === '[') {
    // Skip the label, brackets balanced.
    let depth = 0;
    for (; i < line.length; i++) {
      if (line[i] === '\\') { i++; continue; }
      if (line[i] === '[') depth++;
      else if (line[i] === ']' && --depth === 0) { i++; break; }
    }
  }
  if (line[i] !== '{') return [];
  i++;
  const tokens: AttributeToken[] = [];
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length || line[i] === '}') break;
    const offset = i;
    if (line[i] === '#' || line[i] === '.') {
      const m = /^[#.][^\s}#.]*/.exec(line.slice(i))?.[0] ?? line[i];
      tokens.push({ key: line[i] === '#' ? 'id' : 'class', value: m.slice(1), offset });
      i += m.length;
      continue;
    }
    const key = /^[^\s="'}]*/.exec(line.slice(i))?.[0] ?? '';
    i += Math.max(1, key.length);
    let value = '';
    if (line[i] === '=') {
      i++;
      const q = line[i];
      if (q === '"' || q === "'") {
        const end = line.indexOf(q, i + 1);
        value = line.slice(i + 1, end < 0 ? line.length : end);
        i = end < 0 ? line.length : end + 1;
      } else {
        value = /^[^\s}]*/.exec(line.slice(i))?.[0] ?? '';
        i += value.length;
      }
    }
    tokens.push({ key, value, offset });
  }
  return tokens;
}
