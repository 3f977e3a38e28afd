/**
 * prior-samples widget in Chromium, through the real custom element (eager):
 * networks stream in from the worker in several snapshots, controls change
 * the drawn data in the expected direction, no NaN in any path, the main
 * thread stays free while wide networks are computed, the worker's tensor
 * count stays flat, and nothing is logged as an error.
 *
 * Main-thread blocking is measured two ways at once: a PerformanceObserver
 * for 'longtask' entries and a 10 ms setInterval heartbeat (largest gap).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement } from '../../src/widgets/element';
import type { PriorSamplesSnapshot } from '../../src/widgets/prior-samples/mount';
import { createExperimentClient } from '../../src/nn/worker/client';
import type { PriorSamplesData } from '../../src/nn/experiments/prior-samples';
import { RENDER_EVENT } from '../../src/widgets/contract';
import { busy } from './training-kit';

beforeAll(() => { defineWidgets(); });

const hosts: HTMLElement[] = [];
let errorSpy: ReturnType<typeof vi.spyOn>;
afterEach(() => { for (const h of hosts.splice(0)) h.remove(); errorSpy?.mockRestore(); });

function put(attrs: string, width = 960): WidgetElement {
  const host = document.createElement('div');
  host.style.width = `${width}px`;
  host.innerHTML = `<ntk-prior-samples eager ${attrs}></ntk-prior-samples>`;
  document.body.append(host);
  hosts.push(host);
  return host.querySelector('ntk-prior-samples') as WidgetElement;
}
const snap = (el: WidgetElement) => el.snapshot() as PriorSamplesSnapshot;

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** Every network computed and drawn. */
const complete = (el: WidgetElement) => () => { const s = snap(el); return s !== null && s.count > 0 && s.networksDone === s.count && s.drawnCurves === s.count; };

function pathsOf(el: WidgetElement): string[] {
  return Array.from(el.querySelectorAll('.widget-stage path'), (p) => p.getAttribute('d') ?? '');
}

/** Longest main-thread block seen by a longtask observer and by a 10 ms heartbeat. */
function blockingMonitor() {
  const longTasks: number[] = [];
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    observer.observe({ type: 'longtask', buffered: false });
  } catch { observer = null; }
  let last = performance.now();
  const gaps: number[] = [];
  const timer = setInterval(() => { const now = performance.now(); gaps.push(now - last); last = now; }, 10);
  return {
    /** Flush pending longtask entries, then stop. */
    async stop() {
      await new Promise((r) => setTimeout(r, 100));
      clearInterval(timer);
      for (const e of observer?.takeRecords() ?? []) longTasks.push(e.duration);
      observer?.disconnect();
      const sorted = gaps.slice().sort((a, b) => a - b);
      return {
        longTasks, observed: observer !== null, beats: gaps.length,
        maxGap: sorted.at(-1) ?? 0, p99Gap: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0,
      };
    },
  };
}

describe('prior-samples widget', () => {
  it('hydrates, streams networks in several snapshots, draws no NaN; width 1 -> 1024 makes f(x0) Gaussian', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="1" count="30" seed="3"');
    const seenDone = new Set<number>();
    el.addEventListener(RENDER_EVENT, () => { const s = snap(el); if (s) seenDone.add(s.networksDone); }); // the first render happens inside mount
    await el.whenReady();
    await until(complete(el));
    const narrow = snap(el);
    expect(narrow.backend).toBe('wasm');
    expect(narrow.curves).toHaveLength(30);
    expect(narrow.curves.every((c) => c.length === narrow.grid.length && c.every(Number.isFinite))).toBe(true);
    expect(el.querySelectorAll('path.network')).toHaveLength(30);
    expect(el.querySelectorAll('circle.x0-value').length).toBeGreaterThan(20);
    expect(el.querySelectorAll('rect.histogram-bar')).toHaveLength(41);
    expect(el.querySelector('path.gaussian-density')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(el.querySelector('path.nngp-band')?.getAttribute('d')?.length).toBeGreaterThan(100);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    // Band = 0 ± 2 sqrt(K): ReLU, sigma_w^2 = 2, sigma_b^2 = 0 on the unit circle has K = 1.
    expect(narrow.nngpAtX0).toBeCloseTo(1, 6);
    expect(narrow.band.upper.every((u) => Math.abs(u - 2) < 1e-6)).toBe(true);
    // Width 1, ReLU, no bias: half the networks output exactly 0 at x0; exact excess kurtosis 15.
    expect(narrow.readout!.theoryKurtosis).toBe(15);
    expect(narrow.readout!.excessKurtosis).toBeGreaterThan(5);
    expect(narrow.readout!.ks).toBeGreaterThan(0.2);
    const zeroBin = narrow.histogram.counts[20];
    expect(zeroBin / narrow.histogram.total).toBeGreaterThan(0.45);
    const footer = el.querySelector('.widget-footer')?.textContent ?? '';
    expect(footer).toMatch(/30 networks drawn in [\d.]+ m?s · TensorFlow\.js \(wasm\) in a worker/);
    expect(seenDone.size).toBeGreaterThanOrEqual(2);

    seenDone.clear();
    el.setParams({ width: 1024 });
    await until(() => snap(el).params.width === 1024 && complete(el)() && snap(el).readout!.theoryKurtosis! < 0.1);
    const wide = snap(el);
    expect(wide.curves).toHaveLength(30);
    expect(wide.curves[0]).not.toEqual(narrow.curves[0]);
    expect(Math.abs(wide.readout!.excessKurtosis)).toBeLessThan(4 * wide.readout!.kurtosisNoise);
    expect(wide.readout!.ks).toBeLessThan(narrow.readout!.ks / 5);
    expect(wide.readout!.ks).toBeLessThan(2 * wide.readout!.ks95);
    expect(Math.max(...wide.histogram.densities)).toBeLessThan(0.5); // no spike: the Gaussian peak is 0.399
    expect(seenDone.size).toBeGreaterThanOrEqual(3); // networks arrived over several frames
    expect(el.querySelector('.viz-readout')?.textContent).toMatch(/over 4000 random networks of width 1024/);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it('x0 moves without new networks: same curves, new marked values (control and click in the plot)', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="16" count="30" x0="1"');
    await el.whenReady();
    await until(complete(el));
    const before = snap(el);
    el.setParams({ x0: -2 });
    const after = snap(el);
    expect(after.curves).toEqual(before.curves);
    expect(after.x0).toBe(-2);
    expect(after.atX0).not.toEqual(before.atX0);
    const i = after.grid.findIndex((g) => g > -2);
    const t = (-2 - after.grid[i - 1]) / (after.grid[i] - after.grid[i - 1]);
    expect(after.atX0[0]).toBeCloseTo(after.curves[0][i - 1] + t * (after.curves[0][i] - after.curves[0][i - 1]), 4);
    // Click near x = 0 in the left plot.
    const svg = el.querySelector<SVGSVGElement>('.viz-chart svg')!;
    const hit = svg.querySelector('g.hit rect')!.getBoundingClientRect();
    const opts = { clientX: hit.left + hit.width / 2, clientY: hit.top + hit.height / 2, bubbles: true, button: 0, pointerId: 1 };
    svg.dispatchEvent(new PointerEvent('pointerdown', opts));
    svg.dispatchEvent(new PointerEvent('pointerup', opts));
    expect(Math.abs(el.values.x0 as number)).toBeLessThan(0.05);
    expect(snap(el).curves).toEqual(before.curves);
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it('keeps the main thread free while wide deep networks are computed (width 2048, depth 3)', async () => {
    errorSpy = vi.spyOn(console, 'error');
    // The instrument works here: a deliberate 80 ms task is seen by both monitors.
    const calibration = blockingMonitor();
    await new Promise((r) => setTimeout(r, 50));
    busy(80);
    const cal = await calibration.stop();
    expect(cal.observed).toBe(true);
    expect(Math.max(0, ...cal.longTasks)).toBeGreaterThanOrEqual(70);
    expect(cal.maxGap).toBeGreaterThanOrEqual(70);

    const el = put('width="2048" depth="3" count="30"');
    await el.whenReady();
    await until(() => snap(el).networksDone >= 1, 120_000);
    // The machine is shared (2 cores, many processes): a round can see the OS stretch a short task.
    // Measure up to 3 rounds of 3 s while networks are computed; the best round must be clean. Every round is reported.
    const rounds: { longest: number; p99: number; max: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const monitor = blockingMonitor();
      await new Promise((r) => setTimeout(r, 3000));
      const { longTasks, maxGap, p99Gap } = await monitor.stop();
      rounds.push({ longest: Math.max(0, ...longTasks), p99: p99Gap, max: maxGap });
      if (rounds.at(-1)!.longest < 50 && p99Gap < 50) break;
    }
    const done = snap(el).networksDone;
    console.info(`width 2048 depth 3, ${done} networks so far; per round: ${rounds.map((r) => `longest task ${r.longest.toFixed(0)} ms, heartbeat p99 ${r.p99.toFixed(0)} ms / max ${r.max.toFixed(0)} ms`).join('; ')}; longest draw ${snap(el).maxDrawMs.toFixed(1)} ms`);
    expect(done).toBeLessThan(30); // still computing while we measured
    const best = rounds.reduce((a, b) => (b.longest + b.p99 < a.longest + a.p99 ? b : a));
    expect(best.longest).toBeLessThan(50);
    // The heartbeat also counts time the OS gives to other processes: its 99th percentile must stay under 50 ms.
    expect(best.p99).toBeLessThan(50);
    expect(snap(el).maxDrawMs).toBeLessThan(50);
    expect(el.querySelector('.widget-footer')?.textContent).toMatch(/Drawing networks: \d+ \/ 30 \(width 2048, depth 3\)/);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it('worker memory is flat: tensors after 10 networks equal tensors after 200', async () => {
    const client = createExperimentClient<PriorSamplesData>('prior-samples', { width: 64, depth: 2, count: 200, readoutSamples: 400 });
    await client.ready;
    client.run(10);
    expect((await client.settled()).networksDone).toBe(10);
    const at10 = await client.memory();
    client.run();
    const last = await client.settled();
    expect(last.networksDone).toBe(200);
    const at200 = await client.memory();
    expect(at200.numTensors).toBe(at10.numTensors);
    expect(at200.numBytes).toBe(at10.numBytes);
    expect(client.errors).toEqual([]);
    await client.dispose();
  });

  it('pauses off-screen and resumes on-screen', async () => {
    const el = put('width="1024" depth="2" count="60"');
    await el.whenReady();
    await until(() => snap(el).networksDone >= 2);
    const instance = (el as unknown as { instance: { setActive(a: boolean): void } }).instance;
    instance.setActive(false);
    await until(() => snap(el).state === 'paused', 10_000);
    const paused = snap(el).networksDone;
    await new Promise((r) => setTimeout(r, 800));
    expect(snap(el).networksDone).toBe(paused);
    expect(el.querySelector('.widget-footer')?.textContent).toMatch(/Paused off-screen at \d+ \/ 60 networks/);
    instance.setActive(true);
    await until(() => snap(el).networksDone > paused, 30_000);
  });
});
