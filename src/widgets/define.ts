/**
 * Register one custom element per widget schema. Safe to call more than once
 * (already-defined tags are skipped), so the article page and widgets.js can
 * both call it.
 */
import type { WidgetModule, WidgetSchema } from './contract';
import { WidgetElement, type WidgetElementClass } from './element';
import { widgetSchemas } from './schemas';
import { widgetLoaders } from './registry';
import { observedAttributeNames } from '../ui/attributes';

/** Define `<schema.tag>` with a lazy loader for the widget's mount module. */
export function defineWidget(schema: WidgetSchema, load: () => Promise<WidgetModule>): CustomElementConstructor {
  const existing = customElements.get(schema.tag);
  if (existing) return existing;
  const cls = class extends WidgetElement {
    static readonly schema: WidgetSchema = schema;
    static readonly load: () => Promise<WidgetModule> = load;
    static readonly observedAttributes: string[] = observedAttributeNames(schema.params);
  } satisfies WidgetElementClass & CustomElementConstructor;
  customElements.define(schema.tag, cls);
  return cls;
}

/** Define every widget of the registry. Returns the tags defined. */
export function defineWidgets(): string[] {
  const tags: string[] = [];
  for (const [name, schema] of Object.entries(widgetSchemas)) {
    const load = widgetLoaders[name];
    if (!load) continue;
    defineWidget(schema, load);
    tags.push(schema.tag);
  }
  return tags;
}
