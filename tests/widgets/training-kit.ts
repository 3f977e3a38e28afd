/**
 * Shared helpers of the browser tests of the widgets that compute in a worker
 * (hero, linearized-training, ntk-convergence): eager custom elements in
 * sized hosts, polling for a snapshot condition, path data, the main-thread
 * blocking monitor (a PerformanceObserver for 'longtask' entries and a 10 ms
 * setInterval heartbeat), measurement rounds on a shared machine, and the
 * worker memory check.
 */
import { expect } from 'vitest';
import type { WidgetElement } from '../../src/widgets/element';

export interface EagerWidgets {
  /** A `<tag eager attrs>` in a host `width` px wide, appended to the page. */
  put(attrs: string, width?: number): WidgetElement;
  /** Remove every host made by `put`. */
  removeAll(): void;
}

/** Makes eager elements of one widget tag and remembers their hosts for cleanup. */
export function eagerWidgets(tag: string): EagerWidgets {
  const hosts: HTMLElement[] = [];
  return {
    put(attrs, width = 960) {
      const host = document.createElement('div');
      host.style.width = `${width}px`;
      host.innerHTML = `<${tag} eager ${attrs}></${tag}>`;
      document.body.append(host);
      hosts.push(host);
      return host.querySelector(tag) as WidgetElement;
    },
    removeAll() { for (const h of hosts.splice(0)) h.remove(); },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 20 ms; throws `timed out waiting for <what>` after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 90_000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The `d` of every path matched by `selector` under `root`. */
export function pathsOf(root: Element, selector = '.widget-stage path'): string[] {
  return Array.from(root.querySelectorAll(selector), (p) => p.getAttribute('d') ?? '');
}

/** What a blocking monitor saw between its start and stop. */
export interface Blocking {
  /** Durations of the long tasks (ms). */
  longTasks: number[];
  /** Start of each long task, ms after the monitor started. */
  startedAt: number[];
  /** Whether the browser supports the longtask observer. */
  observed: boolean;
  /** Heartbeats seen, and the largest and 99th-percentile gap between them (ms). */
  beats: number;
  maxGap: number;
  p99Gap: number;
}

/** Longest long task (0 when none). */
export const longestTask = (b: Blocking): number => Math.max(0, ...b.longTasks);

/** Longest main-thread block seen by a longtask observer and by a 10 ms heartbeat. */
export function blockingMonitor(): { stop(): Promise<Blocking> } {
  const longTasks: number[] = [];
  const startedAt: number[] = [];
  const t0 = performance.now();
  const take = (entries: PerformanceEntryList): void => {
    for (const e of entries) { longTasks.push(e.duration); startedAt.push(e.startTime - t0); }
  };
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => take(list.getEntries()));
    observer.observe({ type: 'longtask', buffered: false });
  } catch { observer = null; }
  let last = performance.now();
  const gaps: number[] = [];
  const timer = setInterval(() => { const now = performance.now(); gaps.push(now - last); last = now; }, 10);
  return {
    async stop() {
      await sleep(100);
      clearInterval(timer);
      take(observer?.takeRecords() ?? []);
      observer?.disconnect();
      const sorted = gaps.slice().sort((a, b) => a - b);
      return {
        longTasks, startedAt, observed: observer !== null, beats: gaps.length,
        maxGap: sorted.at(-1) ?? 0, p99Gap: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0,
      };
    },
  };
}

/**
 * Measurement rounds on a shared machine: runs `round(0)`, `round(1)`, … until one is `good` or
 * `maxRounds` ran, and returns every round's result (for the report and the assertions).
 */
export async function measureRounds<R>(maxRounds: number, round: (index: number) => Promise<R>, good: (result: R) => boolean): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < maxRounds; i++) {
    const r = await round(i);
    results.push(r);
    if (good(r)) break;
  }
  return results;
}

/** TensorFlow.js memory counters of a worker. */
export interface MemoryCounters { numTensors: number; numBytes: number }

/** The worker holds as many tensors and bytes `later` as `earlier` (no leak in between). */
export function expectSameMemory(later: MemoryCounters, earlier: MemoryCounters): void {
  expect(later.numTensors).toBe(earlier.numTensors);
  expect(later.numBytes).toBe(earlier.numBytes);
}

/** Block the main thread for `ms` on purpose (to check that a monitor sees it). */
export function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* block the main thread on purpose */ }
}

/**
 * Record the type of every message the page posts to any Worker, e.g. to prove
 * that a display-only control never reaches the worker. Call restore() after.
 */
export function workerMessages(): { sent: string[]; restore(): void } {
  const sent: string[] = [];
  const original = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    const type = (message as { type?: unknown } | null)?.type;
    sent.push(typeof type === 'string' ? type : '?');
    return (original as (this: Worker, m: unknown, ...r: unknown[]) => void).call(this, message, ...rest);
  } as typeof Worker.prototype.postMessage;
  return { sent, restore: () => { Worker.prototype.postMessage = original; } };
}
