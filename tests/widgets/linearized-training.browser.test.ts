/**
 * linearized-training widget in Chromium, through the real custom element
 * (eager): it trains in its worker and draws the network, its linearization
 * and the closed form; controls change the drawn data in the expected
 * direction; the time slider scrubs the recorded history without a single
 * message to the worker; divergence is labelled, never drawn as NaN; the main
 * thread stays free while it trains; the worker's tensor count is flat across
 * 1000 steps; nothing is logged as an error.
 *
 * Main-thread blocking is measured two ways at once: a PerformanceObserver
 * for 'longtask' entries and a 10 ms setInterval heartbeat (largest gap).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement } from '../../src/widgets/element';
import type { LinearizedTrainingSnapshot } from '../../src/widgets/linearized-training/mount';
import { predictionDomain, requestedIndex, shownIndex, nearestRecord } from '../../src/widgets/linearized-training/history';
import { clipToDomain, lossDomain, stepTicks } from '../../src/viz/loss-curves';
import { blockingMonitor, busy, eagerWidgets, expectSameMemory, longestTask, measureRounds, pathsOf, sleep, until, workerMessages } from './training-kit';

beforeAll(() => { defineWidgets(); });

const widgets = eagerWidgets('ntk-linearized-training');
let errorSpy: ReturnType<typeof vi.spyOn> | null = null;
afterEach(() => { widgets.removeAll(); errorSpy?.mockRestore(); errorSpy = null; });

const put = (attrs: string, width?: number): WidgetElement => widgets.put(attrs, width);
const snap = (el: WidgetElement) => el.snapshot() as LinearizedTrainingSnapshot;

/** Training of the session with this width has finished and been drawn. */
const finished = (el: WidgetElement, width?: number) => () => {
  const s = snap(el);
  return s !== null && s.step !== null && s.step === s.totalSteps && (width === undefined || s.width === width)
    && (s.state === 'done' || s.state === 'diverged');
};

const rms = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

describe('linearized-training helpers', () => {
  it('time slider positions map to log-spaced records; the shown record never runs ahead of training', () => {
    expect(requestedIndex(80, 0)).toBe(0);
    expect(requestedIndex(80, 1)).toBe(79);
    expect(requestedIndex(80, 0.5)).toBe(40);
    const partial = { recordSteps: Array.from({ length: 80 }, (_, i) => i), recorded: 12 } as unknown as Parameters<typeof shownIndex>[0];
    expect(shownIndex(partial, 1)).toBe(11);
    expect(shownIndex(partial, 0.05)).toBe(4);
    expect(nearestRecord([0, 1, 2, 5, 10, 100, 1000], 90)).toBe(5);
    expect(nearestRecord([0, 1, 2, 5, 10, 100, 1000], 0.2)).toBe(0);
  });

  it('loss axis: powers of ten, explosions capped at 1000 x the initial loss and pushed out of the plot', () => {
    expect(lossDomain([0.2, 0.01, 3e-4], [0.2, 0.17])).toEqual([1e-4, 1]);
    const [lo, hi] = lossDomain([0.3, 5e6, 1e-3], [0.3]);
    expect(hi).toBe(1000);
    expect(lo).toBe(1e-3);
    const clipped = clipToDomain([0.3, null, 5e6, -1], [1e-3, 1000]);
    expect(clipped[0]).toBe(0.3);
    expect(Number.isNaN(clipped[1])).toBe(true);
    expect(clipped[2]).toBe(3000);
    expect(Number.isNaN(clipped[3])).toBe(true);
    expect(stepTicks(1000, 10).values).toEqual([0, 1, 10, 100, 1000]);
  });
});

describe('linearized-training widget', () => {
  it('trains in a worker and draws three predictions and their loss curves; wider means closer; no NaN', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="16" steps="300" seed="2"');
    await el.whenReady();
    await until(finished(el, 16));
    const narrow = snap(el);
    expect(narrow.backend).toBe('wasm');
    expect(narrow.state).toBe('done');
    expect(narrow.shownStep).toBe(300);
    for (const m of ['network', 'linearized', 'flow'] as const) expect(narrow.predictions[m]).toHaveLength(101);
    expect(narrow.predictions.flowEmpirical).toBeNull();
    expect(el.querySelectorAll('path.prediction')).toHaveLength(3);
    expect(el.querySelectorAll('path.loss')).toHaveLength(6);
    expect(el.querySelectorAll('circle.train-point')).toHaveLength(16);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    // The readout states the maximum stable rate as "η_max = 2N/λ_max = …".
    expect(el.querySelector('.lt-readout')?.textContent).toMatch(/η_max = 2N\/λ_max =\s*\d/);
    expect(narrow.etaMax).toBeGreaterThan(0);
    // Training lowered the loss of all three.
    for (const m of ['network', 'linearized', 'flow'] as const) {
      const train = narrow.losses[m]!.train;
      expect(train.at(-1)!).toBeLessThan(0.1 * train[0]!);
    }
    const narrowGap = rms(narrow.predictions.network!, narrow.predictions.flow!);

    // Control: the real width slider (log scale) to the right end, 4096.
    const input = el.querySelector<HTMLInputElement>('.control[data-param="width"] input')!;
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(el.values.width).toBe(4096);
    await until(finished(el, 4096));
    const wide = snap(el);
    const wideGap = rms(wide.predictions.network!, wide.predictions.flow!);
    expect(wide.gaps.networkLinearized!).toBeLessThan(narrow.gaps.networkLinearized!);
    expect(wideGap * 3).toBeLessThan(narrowGap);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);

    console.info(`RMS(network - closed form) at the end: width 16 ${narrowGap.toFixed(4)}, width 4096 ${wideGap.toFixed(4)}`);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 180_000);

  it('the time slider and the empirical toggle redraw the recorded history without any message to the worker', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="64" steps="200"');
    await el.whenReady();
    await until(finished(el, 64));
    // Let the end of the run settle: the last snapshots and the driver's memory reading.
    await until(() => snap(el).memory.at(-1)?.step === 200);
    await sleep(300);
    const end = snap(el);
    const endPaths = pathsOf(el).join('|');
    const spy = workerMessages();
    try {
      const renders: number[] = [];
      el.addEventListener('widget-render', (e: Event) => { renders.push((e as CustomEvent<{ durationMs: number }>).detail.durationMs); });
      el.setParams({ time: 0 });
      const start = snap(el);
      expect(start.shownStep).toBe(0);
      // At t = 0 every model is the network's own f_0.
      expect(rms(start.predictions.network!, start.predictions.flow!)).toBeLessThan(1e-5);
      expect(rms(start.predictions.linearized!, start.predictions.flow!)).toBeLessThan(1e-5);
      el.setParams({ time: 0.5 });
      const mid = snap(el);
      expect(mid.shownStep!).toBeGreaterThan(0);
      expect(mid.shownStep!).toBeLessThan(200);
      expect(mid.predictions.network).not.toEqual(end.predictions.network);
      expect(pathsOf(el).join('|')).not.toBe(endPaths);
      // Through the real slider as well.
      const slider = el.querySelector<HTMLInputElement>('.control[data-param="time"] input')!;
      slider.value = '0.25';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      expect(snap(el).shownStep!).toBeLessThan(mid.shownStep!);
      // Pressing on the loss plot picks the recorded step under the pointer (here: near t = 10).
      const lossSvg = el.querySelector<SVGSVGElement>('.lt-loss svg')!;
      const hit = lossSvg.querySelector<SVGRectElement>('g.hit rect')!;
      const box = hit.getBoundingClientRect();
      const at10 = box.left + box.width * (Math.log1p(10) / Math.log1p(200));
      hit.dispatchEvent(new PointerEvent('pointerdown', { clientX: at10, clientY: box.top + box.height / 2, bubbles: true, pointerId: 7 }));
      lossSvg.dispatchEvent(new PointerEvent('pointerup', { clientX: at10, clientY: box.top + box.height / 2, bubbles: true, pointerId: 7 }));
      expect(snap(el).shownStep).toBe(10);
      el.setParams({ empirical: true });
      expect(snap(el).predictions.flowEmpirical).toHaveLength(101);
      expect(el.querySelectorAll('path.prediction')).toHaveLength(4);
      console.info(`redraw durations (ms): ${renders.map((r) => r.toFixed(1)).join(', ')}`);
      expect(renders.length).toBeGreaterThanOrEqual(4);
      // Drawn synchronously inside update(); generous bound on a shared 2-core machine.
      expect(Math.max(...renders)).toBeLessThan(100);
      await sleep(300);
      expect(spy.sent).toEqual([]);
      expect(snap(el).step).toBe(200);
    } finally {
      spy.restore();
    }
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 120_000);

  it('learning rate 2 x η_max: the linearization diverges and the figure says so, with no NaN drawn', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="8" learningRate="2" steps="100" seed="3"');
    await el.whenReady();
    await until(finished(el, 8));
    const s = snap(el);
    expect(s.diverged.linearized).not.toBeNull();
    expect(s.diverged.linearized!.step).toBeLessThan(50);
    const status = el.querySelector('.widget-footer')?.textContent ?? '';
    expect(status).toMatch(/linearization diverged at step \d+/);
    // At the last step the diverged models are not drawn; labels say why.
    expect(s.predictions.linearized).toBeNull();
    expect(s.notes.join(' ')).toMatch(/linearization diverged at step/);
    expect(el.querySelector('.divergence-label')?.textContent).toMatch(/diverges \(t = \d+\)/);
    // The closed form (gradient flow) is still drawn and finite.
    expect(s.predictions.flow!.every(Number.isFinite)).toBe(true);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN|Infinity/);
    // Just before the divergence, the linearization is drawn (clipped), still without NaN.
    el.setParams({ time: 0.1 });
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN|Infinity/);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 120_000);

  it('keeps the main thread free while it trains (longtask observer and 10 ms heartbeat; best of up to 6 rounds)', async () => {
    errorSpy = vi.spyOn(console, 'error');
    // The monitor can fail: an 80 ms busy loop is seen by both measures.
    const cal = blockingMonitor();
    busy(80);
    const calibration = await cal.stop();
    if (calibration.observed) expect(Math.max(0, ...calibration.longTasks)).toBeGreaterThanOrEqual(70);
    expect(calibration.maxGap).toBeGreaterThanOrEqual(70);

    const el = put('width="256" steps="300"');
    await el.whenReady();
    await until(() => snap(el).step !== null);
    // The machine is shared (load averages of 15-20 on 2 cores were seen): a round that shows long tasks is
    // retried after a pause, up to 6 rounds; the best round must pass. Every round is reported.
    const rounds = await measureRounds(6, async (round) => {
      if (round > 0) { await sleep(2000); el.reset(); }
      await until(() => snap(el).step !== null && snap(el).step! < 300);
      const monitor = blockingMonitor();
      await until(finished(el));
      const r = await monitor.stop();
      return { longest: longestTask(r), p99: r.p99Gap, max: r.maxGap };
    }, (r) => r.longest < 50 && r.p99 < 50);
    const s = snap(el);
    console.info(`main thread while training (width 256, 300 steps), per round: ${rounds.map((r) => `longest task ${r.longest.toFixed(0)} ms, `
      + `heartbeat p99 ${r.p99.toFixed(0)} / max ${r.max.toFixed(0)} ms`).join('; ')}; draws: median ${s.medianDrawMs.toFixed(1)} ms, `
      + `longest ${s.maxDrawMs.toFixed(1)} ms over ${s.draws}`);
    const best = rounds.reduce((a, b) => (b.longest + b.p99 < a.longest + a.p99 ? b : a));
    expect(best.longest).toBeLessThan(50);
    expect(best.p99).toBeLessThan(50);
    // The widget's own work per frame (deserialized snapshot -> both panels, readout, status).
    expect(s.medianDrawMs).toBeLessThan(16.7);
    expect(s.draws).toBeGreaterThan(20);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 240_000);

  it('the worker holds the same number of tensors after 10 and after 1000 steps', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="128" steps="1010"');
    await el.whenReady();
    await until(finished(el, 128));
    // The worker's memory is read after the last batch, possibly after the last snapshot is drawn
    // (CI once read 924 here: the reading of step 1010 had not arrived yet).
    await until(() => snap(el).memory.at(-1)?.step === 1010, 10_000);
    const memory = snap(el).memory;
    const at10 = memory.find((m) => m.step >= 10);
    const last = memory.at(-1)!;
    expect(at10).toBeDefined();
    expect(at10!.step).toBeLessThanOrEqual(11);
    expect(last.step).toBe(1010);
    expectSameMemory(last, at10!);
    console.info(`worker tensors: ${at10!.numTensors} at step ${at10!.step}, ${last.numTensors} at step ${last.step} (${memory.length} readings)`);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 120_000);

  it('keeps the prediction axis fixed while scrubbing (it depends on the session only)', async () => {
    const el = put('width="32" steps="50"');
    await el.whenReady();
    await until(finished(el, 32));
    const a = snap(el).yDomain;
    el.setParams({ time: 0.2 });
    expect(snap(el).yDomain).toEqual(a);
    expect(predictionDomain).toBeTypeOf('function');
  }, 60_000);
});
