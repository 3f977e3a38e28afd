/**
 * Shared Playwright helpers for the e2e tests: the system Chromium, and a
 * page that records console errors, page errors and every request URL.
 */
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM, CHROMIUM_ARGS } from '../../vitest.config';

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Every URL requested (documents, scripts, styles, fonts, workers, wasm…). */
  requests: string[];
  /** Requests that did not go to 127.0.0.1 (data: and blob: URLs are local). */
  external(): string[];
}

export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  context.on('request', (r) => { if (!requests.includes(r.url())) requests.push(r.url()); });
  return {
    page, errors, requests,
    external: () => requests.filter((u) => !/^(data:|blob:|about:)/.test(u) && new URL(u).hostname !== '127.0.0.1'),
  };
}

/** Scroll the whole page in steps so every lazy figure hydrates. */
export async function scrollThrough(page: Page, step = 500): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
}

/** Tags of the widget elements on the page (custom elements named ntk-*). */
export function widgetTags(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('*'), (e) => e.localName).filter((n, i, a) => n.startsWith('ntk-') && a.indexOf(n) === i));
}
