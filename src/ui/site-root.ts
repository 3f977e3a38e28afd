/**
 * Where the site lives, for embed snippets. In the build every chunk is in
 * `assets/`, so the site root is one level above this module's URL (this
 * stays right when widgets.js is loaded from another origin's page). In the
 * dev server the root is the server's.
 */
export function siteRoot(): URL {
  if (import.meta.env.DEV) return new URL('/', location.href);
  return new URL(/* @vite-ignore */ '../', import.meta.url);
}

/** Absolute URL of the embed page. */
export function embedPageUrl(): URL {
  return new URL('embed.html', siteRoot());
}

/** Absolute URL of the custom-element script (stable name, see vite.config.ts). */
export function widgetsScriptUrl(): URL {
  return new URL(import.meta.env.DEV ? 'src/embed-script.ts' : 'assets/widgets.js', siteRoot());
}
