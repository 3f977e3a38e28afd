/**
 * Widget leaf directives `::kernel-recursion{depth=10}` -> custom elements
 * `<ntk-kernel-recursion depth="10"><p class="widget-fallback">…</p></ntk-kernel-recursion>`.
 * Build time is strict (SITE_CONTRACT.md): an unknown widget, an unknown
 * attribute, or a value that parseParam would have to clamp or replace is an
 * error pointing at the directive or at the attribute.
 */
import { h } from 'hastscript';
import type { LeafDirective } from 'mdast-util-directive';
import type { WidgetSchema } from '../widgets/contract';
import { closest, formatParam, parseNumber, parseParam, type ParamSpec } from '../ui/params';
import { scanAttributes } from './attributes';
import type { SourceFile } from './source';

/** Name -> schema, as in src/widgets/schemas.ts. */
export type SchemaRegistry = Readonly<Record<string, WidgetSchema>>;

/**
 * Host attributes a widget directive may carry besides its parameters
 * (SITE_CONTRACT.md, page helper): `id`, `controls="a,b"` (which controls to
 * show; each must be a parameter), `eager` (mount at once). Returns an error
 * text, or undefined when the value is fine.
 */
const HOST_ATTRIBUTES: Readonly<Record<string, (raw: string, schema: WidgetSchema) => string | undefined>> = {
  id: (raw) => (/^[A-Za-z][\w:.-]*$/.test(raw) ? undefined : `id "${raw}" must start with a letter and use only letters, digits, _ : . -`),
  controls: (raw, schema) => {
    const names = Object.keys(schema.params);
    const bad = raw.split(',').map((c) => c.trim()).filter((c) => c !== '' && !names.includes(c))[0];
    return bad === undefined ? undefined : `controls="${raw}" names "${bad}", which is not a parameter${didYouMean(bad, names)}`;
  },
  eager: (raw) => (['', 'true', 'false'].includes(raw.trim()) ? undefined : `eager="${raw}" is not true or false`),
};

const fmt = (v: number): string => String(Number(v.toPrecision(6)));
const didYouMean = (name: string, options: readonly string[]): string => {
  const best = closest(name, options) ?? options.find((o) => o.toLowerCase() === name.toLowerCase());
  return best ? ` (did you mean "${best}"?)` : '';
};

/**
 * Why `raw` is not a legal value of `spec` at build time, or undefined when it
 * is (parseParam neither clamped nor replaced it).
 */
export function whyInvalid(spec: ParamSpec, raw: string): string | undefined {
  const r = parseParam(spec, raw);
  if (!r.invalid && r.notice === undefined) return undefined;
  switch (spec.kind) {
    case 'int': case 'float': case 'log': {
      const v = parseNumber(raw);
      if (v === null) return 'is not a number';
      if (v < spec.min || v > spec.max) return `is out of range [${fmt(spec.min)}, ${fmt(spec.max)}]`;
      if (spec.kind === 'int' && spec.step && spec.step > 1 && Number.isInteger(v)) return `is not ${fmt(spec.min)} plus a multiple of ${spec.step}`;
      return 'must be an integer';
    }
    case 'enum':
      return `is not one of ${spec.options.join(', ')}${didYouMean(raw.trim(), spec.options)}`;
    case 'bool':
      return 'is not true or false';
    case 'list': {
      const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
      const bad = parts.find((p) => parseNumber(p) === null);
      if (bad !== undefined) return `has "${bad}", which is not a number`;
      const out = parts.map(Number).find((v) => v < spec.min || v > spec.max);
      if (out !== undefined) return `has ${fmt(out)}, out of range [${fmt(spec.min)}, ${fmt(spec.max)}]`;
      return `has ${parts.length} entries; between ${spec.minLength} and ${spec.maxLength} allowed`;
    }
  }
}

/** The element's static fallback, replaced by the runtime when it hydrates. */
export function fallbackText(schema: WidgetSchema): string {
  return `Interactive figure: ${schema.title.replace(/\.$/, '')}. ${schema.summary} (needs JavaScript)`;
}

/**
 * Validate a widget directive and turn it into its custom element (via
 * mdast `data.hName`). Returns the widget name when it is known.
 */
export function widgetDirective(node: LeafDirective, file: SourceFile, schemas: SchemaRegistry): string | undefined {
  const schema = Object.prototype.hasOwnProperty.call(schemas, node.name) ? schemas[node.name] : undefined;
  if (!schema) {
    const names = Object.keys(schemas);
    const hint = node.name === 'figure' || node.name === 'aside'
      ? ` (a ${node.name} is a container: ":::${node.name}" ... ":::")`
      : didYouMean(node.name, names);
    file.errorAtNode(node, `unknown widget "${node.name}"${hint}`);
    return undefined;
  }
  const start = file.startOf(node);
  const line = file.restOfLine(start);
  const tokens = scanAttributes(line);
  const where = (key: string): number => start + (tokens.find((t) => t.key === key)?.offset ?? 0);
  if (node.children.length > 0) {
    file.errorAt(start + line.indexOf('['), `widget "${node.name}" takes no [label]; put the caption in a :::figure`);
  }
  const seen = new Set<string>();
  for (const t of tokens) {
    if (seen.has(t.key)) file.errorAt(start + t.offset, `duplicate attribute "${t.key}" on widget "${node.name}"`);
    seen.add(t.key);
  }

  const props: Record<string, string> = {};
  const params = Object.keys(schema.params);
  for (const [key, raw] of Object.entries(node.attributes ?? {})) {
    if (raw === null || raw === undefined) continue;
    const host = Object.prototype.hasOwnProperty.call(HOST_ATTRIBUTES, key) ? HOST_ATTRIBUTES[key] : undefined;
    if (host) {
      const why = host(raw, schema);
      if (why) file.errorAt(where(key), `widget "${node.name}": ${why}`);
      else if (key !== 'eager' || raw.trim() !== 'false') props[key] = raw.trim();
      continue;
    }
    const spec = Object.prototype.hasOwnProperty.call(schema.params, key) ? schema.params[key] : undefined;
    if (!spec) {
      const hint = didYouMean(key, params) || ` (expected one of: ${params.join(', ')})`;
      file.errorAt(where(key), `unknown attribute "${key}" for widget "${node.name}"${hint}`);
      continue;
    }
    const why = whyInvalid(spec, raw);
    if (why) {
      file.errorAt(where(key), `widget "${node.name}": ${key}="${raw}" ${why}`);
      continue;
    }
    props[key] = formatParam(spec, parseParam(spec, raw).value);
  }
  node.data = { hName: schema.tag, hProperties: props, hChildren: [h('p', { className: ['widget-fallback'] }, fallbackText(schema))] };
  return schema.name;
}
