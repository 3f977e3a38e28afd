/**
 * hero widget in Chromium. Through the real custom element (eager): it
 * trains in its worker and draws the network, the infinite-width NTK
 * prediction and the training points; a width change changes the drawn data
 * and, after the same number of steps (t = 1000), the gap between the curves
 * is much smaller at width 2048 than at width 16; no NaN in any path; the
 * main thread stays free while it trains; nothing is logged as an error.
 * Through a fake host: pause/step/play/reset and setActive. Through a client
 * of the same experiment: the worker's tensor count is flat from 10 to 1000
 * steps.
 *
 * Main-thread blocking is measured two ways at once: a PerformanceObserver
 * for 'longtask' entries and a 10 ms setInterval heartbeat (largest gap).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement } from '../../src/widgets/element';
import type { HeroData } from '../../src/nn/experiments/hero';
import { createExperimentClient } from '../../src/nn/worker/client';
import { mount, type HeroSnapshot } from '../../src/widgets/hero/mount';
import type { HeroParams } from '../../src/widgets/hero/schema';
import { fitBudget, HIDDEN_WEIGHT_BUDGET, maxDepthForWidth, maxWidthForDepth } from '../../src/widgets/shared/live-training-budget';
import { STEPS_PER_PRESS, stepsPerRequest } from '../../src/widgets/hero/driver';
import { BASE_Y, growDomain } from '../../src/widgets/hero/panel';
import { mountWithFakeHost, type FakeHost } from './analytic-widgets-harness';
import { blockingMonitor, eagerWidgets, expectSameMemory, longestTask, measureRounds, pathsOf as pathsUnder, sleep, until, type Blocking } from './training-kit';

beforeAll(() => { defineWidgets(); });

const widgets = eagerWidgets('ntk-hero');
let fake: FakeHost<HeroParams> | null = null;
let errorSpy: ReturnType<typeof vi.spyOn> | null = null;
afterEach(() => {
  widgets.removeAll();
  fake?.cleanup(); fake = null;
  errorSpy?.mockRestore(); errorSpy = null;
});

const put = (attrs: string, width?: number): WidgetElement => widgets.put(attrs, width);
const snap = (el: { snapshot(): unknown }) => el.snapshot() as HeroSnapshot;

/** The session of this width has trained all its steps and that frame was drawn. */
const finished = (el: { snapshot(): unknown }, width: number) => () => {
  const s = snap(el);
  return s.data !== null && s.data.width === width && s.data.step === s.data.totalSteps && s.state === 'done';
};
const pathsOf = (root: Element) => pathsUnder(root, '.widget-stage path, .hero path');
const curveOf = (root: Element, cls: string) => root.querySelector(`path.${cls}`)?.getAttribute('d') ?? '';

/** Wall time of every requestAnimationFrame callback (the client draws snapshots in them) while it runs. */
function frameWork() {
  const original = window.requestAnimationFrame;
  const durations: number[] = [];
  window.requestAnimationFrame = (callback: FrameRequestCallback) => original.call(window, (time: number) => {
    const start = performance.now();
    try { callback(time); } finally { durations.push(performance.now() - start); }
  });
  return {
    stop() {
      window.requestAnimationFrame = original;
      const sorted = durations.slice().sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
      return { frames: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
    },
  };
}

/**
 * A control for the machine's noise: for `ms`, every animation frame redraws two 100-point SVG
 * paths and a line of text (about what a hero frame changes, with next to no script), in a box
 * of the same size. Long tasks seen meanwhile come from the machine, not from a widget.
 */
async function controlAnimation(ms: number): Promise<void> {
  const box = document.createElement('div');
  box.style.width = '960px';
  box.innerHTML = '<svg viewBox="0 0 960 400" style="width:100%"><path fill="none" stroke="blue"/><path fill="none" stroke="orange" stroke-width="7"/></svg><p></p>';
  document.body.append(box);
  const [a, b] = Array.from(box.querySelectorAll('path'));
  const text = box.querySelector('p')!;
  const end = performance.now() + ms;
  await new Promise<void>((resolve) => {
    const frame = (time: number): void => {
      const d = (phase: number) => `M${Array.from({ length: 100 }, (_, i) => `${(i * 9.6).toFixed(1)},${(200 + 150 * Math.sin(i / 8 + time / 300 + phase)).toFixed(1)}`).join('L')}`;
      a.setAttribute('d', d(0));
      b.setAttribute('d', d(0.1));
      text.textContent = `t = ${Math.round(time)}`;
      if (performance.now() < end) requestAnimationFrame(frame); else resolve();
    };
    requestAnimationFrame(frame);
  });
  box.remove();
}

describe('hero helpers', () => {
  it('live-training budget: (L - 1) n^2 <= 2^21; the slider the reader did not move gives way', () => {
    expect(maxDepthForWidth(8)).toBe(4);
    expect(maxDepthForWidth(836)).toBe(4);
    expect(maxDepthForWidth(1024)).toBe(3);
    expect(maxDepthForWidth(1448)).toBe(2);
    expect(maxDepthForWidth(2048)).toBe(1);
    expect(maxDepthForWidth(4096)).toBe(1);
    expect(maxWidthForDepth(1)).toBe(4096);
    expect(maxWidthForDepth(2)).toBe(1448);
    expect(maxWidthForDepth(3)).toBe(1024);
    expect(maxWidthForDepth(4)).toBe(836);
    for (let d = 2; d <= 4; d++) {
      const w = maxWidthForDepth(d);
      expect((d - 1) * w * w).toBeLessThanOrEqual(HIDDEN_WEIGHT_BUDGET);
      expect((d - 1) * (w + 1) * (w + 1)).toBeGreaterThan(HIDDEN_WEIGHT_BUDGET);
      expect(maxDepthForWidth(w)).toBeGreaterThanOrEqual(d);
    }
    expect(fitBudget(4096, 3, 'width')).toMatchObject({ width: 4096, depth: 1 });
    expect(fitBudget(4096, 3, 'depth')).toMatchObject({ width: 1024, depth: 3 });
    expect(fitBudget(512, 4, 'depth')).toEqual({ width: 512, depth: 4, note: null });
  });

  it('pacing: one step per request early, then about t/40; the y axis only grows', () => {
    expect([0, 1, 40, 41, 80, 400].map(stepsPerRequest)).toEqual([1, 1, 1, 2, 2, 10]);
    const curves = { width: 8, grid: [0, 1], prediction: [2.3, -0.1], kernelPrediction: [0.2, NaN], trainXs: [0], trainYs: [-2.2] };
    expect(growDomain(BASE_Y, curves)).toEqual([-2.5, 2.5]);
    expect(growDomain([-3, 3], curves)).toEqual([-3, 3]);
    expect(growDomain(BASE_Y, { ...curves, prediction: [1e9, -1e9] })).toEqual([-6, 6]);
  });
});

describe('hero widget', () => {
  it('trains in a worker; narrow parts from the NTK curve, wide follows it; no NaN; no errors', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="16" seed="1"');
    await el.whenReady();
    await until(() => snap(el).data !== null, 60_000, 'first frame');
    const monitor = blockingMonitor();
    await until(finished(el, 16), 150_000, 'width 16 to finish');
    const narrowRound = await monitor.stop();
    const narrow = snap(el);
    const n = narrow.data!;
    expect(narrow.backend).toBe('wasm');
    expect(n.step).toBe(1000);
    expect(n.prediction).toHaveLength(100);
    expect(n.kernelPrediction).toHaveLength(100);
    expect(el.querySelectorAll('path.network-prediction')).toHaveLength(1);
    expect(el.querySelectorAll('path.kernel-prediction')).toHaveLength(1);
    expect(el.querySelectorAll('circle.train-point')).toHaveLength(16);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    const text = el.textContent ?? '';
    for (const label of ['network (width 16)', 'infinite-width NTK prediction', 'training points', 'input x', 'output f(x)', 't = 1,000 of 1,000', 'largest gap']) {
      expect(text).toContain(label);
    }
    expect(el.querySelector('.widget-status')?.textContent).toMatch(/TensorFlow\.js \(wasm\)/);
    // Both fitted the points.
    expect(n.trainLoss!).toBeLessThan(0.01);
    expect(n.kernelTrainLoss).toBeLessThan(0.01);
    const narrowNetworkPath = curveOf(el, 'network-prediction');

    // A width change (as a text link would set it) changes the drawn data.
    const monitorWide = blockingMonitor();
    el.setParams({ width: 2048 });
    expect(el.values.width).toBe(2048);
    await until(() => snap(el).data?.width === 2048, 60_000, 'a frame of width 2048');
    expect(curveOf(el, 'network-prediction')).not.toBe(narrowNetworkPath);
    expect(el.textContent).toContain('network (width 2048)');
    await until(finished(el, 2048), 150_000, 'width 2048 to finish');
    const wideRound = await monitorWide.stop();
    const w = snap(el).data!;
    expect(w.step).toBe(n.step);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    for (const v of [...w.prediction, ...w.kernelPrediction]) expect(Number.isFinite(v)).toBe(true);
    // Same steps, same seed: the wide network stays much closer to the infinite-width prediction.
    expect(w.gapMax! * 3).toBeLessThan(n.gapMax!);
    expect(w.gapRelative! * 3).toBeLessThan(n.gapRelative!);

    const show = (r: typeof narrowRound) => `long tasks [${r.longTasks.map((t) => t.toFixed(0)).join(', ')}] ms, `
      + `heartbeat max gap ${r.maxGap.toFixed(1)} ms (p99 ${r.p99Gap.toFixed(1)}) over ${r.beats} beats`;
    console.info(`hero gap max at t = 1000: width 16 ${n.gapMax}, width 2048 ${w.gapMax}; relative RMS ${n.gapRelative} vs ${w.gapRelative}. `
      + `While training (reported; asserted in the next test): width 16: ${show(narrowRound)}; width 2048: ${show(wideRound)}.`);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 400_000);

  it('main thread stays free while it trains: no long task in a quiet round; the work of each frame is short', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="16" seed="4"');
    await el.whenReady();
    await until(() => snap(el).data !== null, 60_000, 'first frame');
    const play = el.querySelector<HTMLButtonElement>('.transport-play')!;
    // The 2 cores are shared with other test runs: a descheduled frame shows up as a long task our
    // code did not cause. So each round first runs a control animation for 2.5 s with training
    // paused (same kind of per-frame DOM work, no widget: the machine's own noise), then a restart
    // (reset) plus the first 300 steps, the densest part of a run (one request and one frame per
    // step at first). A round counts when its control window was quiet; some counted round must
    // have no long task over 50 ms. At most 5 rounds, all reported.
    // Independently of the noise, the work of every animation frame (where snapshots are drawn) is
    // timed: its median and 95th percentile must stay far below a frame.
    type Round = { idle: Blocking; busy: Blocking };
    const work = frameWork();
    const rounds = await measureRounds<Round>(5, async (round) => {
      if (snap(el).state === 'playing') play.click();
      await until(() => snap(el).state !== 'playing', 30_000, 'pause');
      const idleMonitor = blockingMonitor();
      await controlAnimation(2500);
      const idle = await idleMonitor.stop();
      const monitor = blockingMonitor();
      el.reset();
      play.click();
      await until(() => snap(el).data?.restart === round + 1 && snap(el).data!.step >= 300, 120_000, 'a restarted run to reach t = 300');
      return { idle, busy: await monitor.stop() };
    }, (r) => r.idle.longTasks.length === 0 && longestTask(r.busy) < 50);
    const frames = work.stop();
    const list = (r: Blocking) => `[${r.longTasks.map((t) => t.toFixed(0)).join(', ')}] (heartbeat max ${r.maxGap.toFixed(0)}, p99 ${r.p99Gap.toFixed(0)})`;
    console.info(`hero main thread: ${rounds.map((r, i) => `round ${i + 1}: control long tasks ${list(r.idle)}, hero training ${list(r.busy)}`).join('; ')}. `
      + `Frame work over ${frames.frames} frames: median ${frames.median.toFixed(2)} ms, p95 ${frames.p95.toFixed(2)} ms, max ${frames.max.toFixed(1)} ms.`);
    expect(rounds[0].busy.observed).toBe(true);
    expect(frames.frames).toBeGreaterThan(100);
    expect(frames.median).toBeLessThan(8);
    expect(frames.p95).toBeLessThan(16);
    const counted = rounds.filter((r) => r.idle.longTasks.length === 0);
    if (counted.length > 0) expect(Math.min(...counted.map((r) => Math.max(0, ...r.busy.longTasks)))).toBeLessThan(50);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 600_000);

  it('depth beyond the live budget lowers the width (controls and URL follow) and says so', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = put('width="2048" depth="1"');
    await el.whenReady();
    el.setParams({ depth: 4 });
    expect(el.values.depth).toBe(4);
    expect(el.values.width).toBe(836);
    expect(el.querySelector<HTMLInputElement>('.control[data-param="depth"] input')?.value).toBe('4');
    await until(() => snap(el).data?.depth === 4, 60_000, 'a frame of depth 4');
    expect(snap(el).data!.width).toBe(836);
    expect(el.querySelector('.widget-status')?.textContent).toContain('up to width 836');
    // Moving the width up again lowers the depth instead.
    el.setParams({ width: 4096 });
    expect(el.values).toMatchObject({ width: 4096, depth: 1 });
    await until(() => snap(el).data?.width === 4096, 60_000, 'a frame of width 4096');
    expect(snap(el).data!.depth).toBe(1);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 180_000);

  it('transport: pause holds t, step trains 10 steps, play resumes, reset restarts; setActive(false) pauses and (true) resumes', async () => {
    errorSpy = vi.spyOn(console, 'error');
    fake = mountWithFakeHost({ mount }, { width: 64, depth: 1, seed: 3 });
    const root = fake.stage;
    const button = (cls: string) => root.querySelector<HTMLButtonElement>(`.transport-${cls}`)!;
    const s = () => snap(fake!.instance);
    expect(button('play').getAttribute('aria-label')).toBe('Play');
    await until(() => s().state === 'playing' && (s().data?.step ?? 0) >= 20, 60_000, 'autoplay');
    expect(button('play').getAttribute('aria-label')).toBe('Pause');
    expect(button('play').getAttribute('aria-pressed')).toBe('true');

    button('play').click();
    await until(() => s().state === 'paused', 30_000, 'pause');
    await sleep(300);
    const held = s().data!.step;
    await sleep(400);
    expect(s().data!.step).toBe(held);
    expect(button('step').disabled).toBe(false);
    button('step').click();
    await until(() => s().data!.step === held + STEPS_PER_PRESS, 30_000, 'one press of step');
    expect(root.querySelector('.transport-step-count')?.textContent).toBe(`t = ${held + STEPS_PER_PRESS} of 1,000`);

    button('play').click();
    await until(() => s().state === 'playing' && s().data!.step > held + STEPS_PER_PRESS, 30_000, 'play');
    fake.instance.setActive!(false);
    await until(() => s().state === 'paused', 30_000, 'off-screen pause');
    await sleep(300);
    const offScreen = s().data!.step;
    await sleep(400);
    expect(s().data!.step).toBe(offScreen);
    fake.instance.setActive!(true);
    await until(() => s().data!.step > offScreen, 30_000, 'resume on screen');

    button('reset').click();
    await until(() => s().data !== null && s().data!.step < offScreen, 30_000, 'reset');
    expect(s().data!.restart).toBe(1);
    await until(finished(fake.instance, 64), 120_000, 'the rerun to finish');
    expect(button('play').disabled).toBe(true);
    expect(button('step').disabled).toBe(true);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 300_000);

  it('the worker keeps a flat tensor count from 10 to 1000 steps (hero experiment, widget defaults)', async () => {
    const client = createExperimentClient<HeroData>('hero', { width: 2048, depth: 1, seed: 1 });
    expect((await client.ready).backend).toBe('wasm');
    client.run(10);
    expect((await client.settled()).step).toBe(10);
    const at10 = await client.memory();
    client.run(990);
    const end = await client.settled();
    expect(end.step).toBe(1000);
    expect(end.prediction.every(Number.isFinite)).toBe(true);
    const at1000 = await client.memory();
    expectSameMemory(at1000, at10);
    expect(client.errors).toEqual([]);
    await client.dispose();
  }, 180_000);
});
