/**
 * The embed page: `embed.html?widget=NAME&param=value&controls=a,b`.
 * One widget fills the frame (100vw x 100vh, no page scroll). Parameters come
 * from the URL, clamped with a visible notice; every change is written back
 * with history.replaceState so a reloaded iframe comes back the same.
 * An unknown or missing widget shows the list of available widgets.
 */
import '@fontsource/source-sans-3/400.css';
import '@fontsource/source-sans-3/600.css';
import './styles/embed.css';
import type { WidgetSchema } from './widgets/contract';
import { widgetSchemas } from './widgets/schemas';
import { widgetLoaders } from './widgets/registry';
import { defineWidget } from './widgets/define';
import { PARAMS_EVENT, type WidgetParamsDetail } from './widgets/element';
import { formatParam, closest, type ParamValue } from './ui/params';
import { ownValue, pickControls, readEmbedParams, readEmbedQuery, writeEmbedQuery } from './ui/url-state';
import { showNotices } from './ui/notices';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The page shown for a missing or unknown widget name. */
function widgetList(root: HTMLElement, requested: string | null): void {
  const box = el('div', 'embed-message');
  box.setAttribute('role', 'alert');
  const names = Object.keys(widgetSchemas);
  const guess = requested ? closest(requested, names) : undefined;
  const headline = requested === null || requested === ''
    ? 'No widget chosen. Add ?widget=NAME to the URL.'
    : `Unknown widget "${requested}".${guess ? ` Did you mean "${guess}"?` : ''}`;
  box.append(el('p', 'embed-message-title', headline), el('p', '', 'Available widgets:'));
  const list = el('ul', 'embed-widget-list');
  for (const [name, schema] of Object.entries(widgetSchemas)) {
    const item = el('li', '');
    const link = el('a', '', name);
    link.href = `?widget=${encodeURIComponent(name)}`;
    item.append(link, document.createTextNode(` — ${schema.title}`));
    list.append(item);
  }
  box.append(list);
  root.replaceChildren(box);
}

function mountWidget(root: HTMLElement, name: string, schema: WidgetSchema): void {
  const query = readEmbedQuery(location.search);
  const parsed = readEmbedParams(schema.params, query);
  const picked = pickControls(schema.params, query.controls);
  const notices = [...parsed.notices, ...picked.notices];
  defineWidget(schema, widgetLoaders[name]);
  document.title = `${schema.title} · Infinitely Wide`;

  const element = document.createElement(schema.tag);
  for (const [k, spec] of Object.entries(schema.params)) {
    element.setAttribute(k.toLowerCase(), formatParam(spec, (parsed.values as Record<string, ParamValue>)[k]));
  }
  element.setAttribute('eager', '');
  element.setAttribute('embedded', '');
  if (picked.names !== null) element.setAttribute('controls', picked.names.join(','));
  element.classList.add('widget-fill');

  const noticeBox = el('div', 'embed-notices');
  root.replaceChildren(noticeBox, element);
  showNotices(noticeBox, notices);

  const write = (values: Readonly<Record<string, ParamValue>>): void => {
    const search = writeEmbedQuery(name, schema.params, values, picked.names);
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  };
  write(parsed.values as Record<string, ParamValue>);
  element.addEventListener(PARAMS_EVENT, (e) => write((e as CustomEvent<WidgetParamsDetail>).detail.params));
}

/**
 * Show the widget named in `search` in `root`, or the list of widgets.
 * Names are looked up as own keys only: `?widget=__proto__` or `constructor`
 * must not find Object.prototype members (it used to throw and leave a blank page).
 */
export function startEmbed(root: HTMLElement, search: string): void {
  const { widget } = readEmbedQuery(search);
  const schema = widget ? ownValue(widgetSchemas, widget) : undefined;
  if (!widget || !schema || !ownValue(widgetLoaders, widget)) widgetList(root, widget);
  else mountWidget(root, widget, schema);
}

startEmbed(document.getElementById('embed-root') ?? document.body, location.search);
