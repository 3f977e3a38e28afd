/**
 * Project lint: the rules of DESIGN.md that the type checker cannot see.
 *
 *  1. Layers: imports point one way (core <- nn <- widgets <- article;
 *     viz and ui import neither nn nor widgets; core imports nothing of ours).
 *     `src/ui/params.ts` is a leaf (pure data, no imports) shared by every
 *     layer that describes parameters, so importing it is allowed everywhere.
 *     A widget's folder imports no other widget's folder (src/widgets/shared
 *     and src/viz hold what several widgets use).
 *  2. No `console.log` in src (the page's console stays clean).
 *  3. No `any` in src/core's public API (index.ts and what it re-exports).
 *  4. No focused or skipped tests.
 *
 * Prints `file:line: message` per finding and exits 1 if there are any.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const findings: string[] = [];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** Which layer a source file (or folder, for `../core`) belongs to: its first folder under src/. */
function layerOf(file: string): string {
  const rel = relative(join(root, 'src'), file.replace(/\.ts$/, ''));
  if (!rel.includes('/') && !/\.\w+$/.test(rel) && allowed[rel]) return rel;
  return rel.includes('/') ? rel.split('/')[0] : 'entry';
}

/** The widget folder a file lies in (src/widgets/<name>/...), or null (registry, schemas, element, other layers). */
function widgetFolderOf(file: string): string | null {
  const parts = relative(join(root, 'src', 'widgets'), file).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : null;
}

/** Layers each layer may import (besides itself and the params leaf). */
const allowed: Record<string, string[]> = {
  core: [],
  nn: ['core'],
  viz: ['core', 'ui'],
  ui: ['core'],
  widgets: ['core', 'nn', 'viz', 'ui'],
  markdown: ['widgets', 'ui'],
  article: ['core', 'viz', 'ui', 'widgets'],
  styles: [],
  entry: ['core', 'nn', 'viz', 'ui', 'widgets', 'article', 'styles', 'markdown'],
};

const PARAMS_LEAF = join(root, 'src/ui/params.ts');
const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

for (const file of walk(join(root, 'src'))) {
  const text = readFileSync(file, 'utf8');
  const layer = layerOf(file);
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const where = `${relative(root, file)}:${i + 1}`;
    if (/\bconsole\.log\(/.test(line) && !/experiments\/cli\.ts$/.test(file)) findings.push(`${where}: console.log in src`);
    importRe.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = importRe.exec(line))) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec || !spec.startsWith('.')) {
        if (layer === 'core' && spec && /^@tensorflow|^d3$|^d3-(selection|scale|shape|axis)|^katex/.test(spec)) findings.push(`${where}: core imports ${spec}`);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (target === PARAMS_LEAF || target + '.ts' === PARAMS_LEAF) continue;
      if (!target.startsWith(join(root, 'src'))) continue;
      const targetLayer = layerOf(target);
      const from = widgetFolderOf(file);
      const to = widgetFolderOf(target);
      if (from && to && from !== to && to !== 'shared') {
        findings.push(`${where}: widget "${from}" imports another widget's folder "${to}" (${spec}); move shared code to src/widgets/shared or src/viz`);
      }
      if (targetLayer === layer) continue;
      if (!(allowed[layer] ?? []).includes(targetLayer)) {
        findings.push(`${where}: layer "${layer}" must not import "${targetLayer}" (${spec})`);
      }
    }
  });
}

// 3. No `any` in the core's public surface.
for (const file of walk(join(root, 'src/core'))) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/^export\b/.test(line) && /[:<,(]\s*any\b/.test(line)) findings.push(`${relative(root, file)}:${i + 1}: \`any\` in core's public API`);
  });
}

// 4. Focused or skipped tests prove nothing.
for (const file of walk(join(root, 'tests'))) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\b(it|test|describe)\.(only|skip|todo)\(/.test(line)) findings.push(`${relative(root, file)}:${i + 1}: focused/skipped test`);
  });
}

for (const f of findings) console.log(f);
if (findings.length) {
  console.log(`\n${findings.length} finding(s).`);
  process.exit(1);
}
console.log('lint: layers, console, core API and tests are clean.');
