/**
 * ensemble-posterior widget in Chromium, through the real custom element
 * (eager): networks train in the experiment's worker and stream in as they
 * finish; the time slider moves the networks and the analytic band together
 * without a message to the worker; the NNGP toggle adds a band; no NaN in any
 * path; the main thread stays free while the ensemble trains; the worker's
 * tensor count is flat; nothing is logged as an error.
 *
 * Main-thread blocking is measured two ways at once: a PerformanceObserver
 * for 'longtask' entries and a 10 ms setInterval heartbeat (largest gap).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement } from '../../src/widgets/element';
import type { EnsemblePosteriorSnapshot } from '../../src/widgets/ensemble-posterior/mount';
import { recordIndex } from '../../src/widgets/ensemble-posterior/view';
import { fitEnsembleBudget } from '../../src/widgets/ensemble-posterior/budget';
import { coverageDomain } from '../../src/widgets/ensemble-posterior/coverage-panel';
import type { EnsemblePosteriorData } from '../../src/nn/experiments/ensemble-posterior-stats';
import { createExperimentClient } from '../../src/nn/worker/client';
import { blockingMonitor, busy, eagerWidgets, longestTask, measureRounds, pathsOf, sleep, until, workerMessages } from './training-kit';

beforeAll(() => { defineWidgets(); });

const widgets = eagerWidgets('ntk-ensemble-posterior');
let errorSpy: ReturnType<typeof vi.spyOn> | null = null;
afterEach(() => { widgets.removeAll(); errorSpy?.mockRestore(); errorSpy = null; });

const snap = (el: WidgetElement) => el.snapshot() as EnsemblePosteriorSnapshot;
const complete = (el: WidgetElement) => () => { const s = snap(el); return s.networksTotal > 0 && s.networksDone === s.networksTotal && s.state === 'done'; };
const width = (b: { lower: number[]; upper: number[] }) => b.upper.reduce((s, u, i) => s + u - b.lower[i], 0) / b.upper.length;

describe('ensemble-posterior helpers', () => {
  it('slider positions map to records; the budget caps deep wide networks', () => {
    expect(recordIndex(34, 0)).toBe(0);
    expect(recordIndex(34, 1)).toBe(33);
    expect(recordIndex(34, 0.5)).toBe(17);
    expect(fitEnsembleBudget(4096, 1, 'width')).toEqual({ width: 4096, depth: 1, note: null });
    expect(fitEnsembleBudget(1024, 2, 'width').depth).toBe(1);
    expect(fitEnsembleBudget(1024, 3, 'depth').width).toBe(181);
  });

  it('the fraction panel zooms to 50-100% unless a fraction falls below 50% (the defaults span 88-97%)', () => {
    expect(coverageDomain([null, 0.935, 0.9716, 0.884]).domain).toEqual([0.5, 1]);
    expect(coverageDomain([0.935, 0.42]).domain).toEqual([0, 1]);
    expect(coverageDomain([null]).domain).toEqual([0.5, 1]);
  });
});

describe('ensemble-posterior widget', () => {
  it('hydrates, streams networks as they finish, and t moves networks and band together without the worker; NNGP toggle adds a band', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = widgets.put('width="256" networks="8" steps="200"');
    const seenDone = new Set<number>();
    el.addEventListener('widget-render', () => seenDone.add(snap(el).networksDone));
    await el.whenReady();
    await until(complete(el), 120_000, 'all networks');
    const end = snap(el);
    expect(end.backend).toBe('wasm');
    expect(end.networks).toHaveLength(8);
    expect(seenDone.size).toBeGreaterThanOrEqual(3); // networks arrived over several snapshots
    expect(el.querySelectorAll('path.network')).toHaveLength(8);
    expect(el.querySelector('path.ntk-band')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(el.querySelector('path.nngp-band')).toBeNull();
    expect(end.nngp).toBeNull();
    expect(end.shownStep).toBe(200);
    expect(end.coverage).toBeGreaterThan(0.5);
    expect(el.querySelector('.viz-readout')?.textContent).toMatch(/inside the NTK band:\s*\d+\.\d% of 8 × 81 values/);
    expect(el.querySelector('.widget-footer')?.textContent).toMatch(/8 networks trained 200 steps each in [\d.]+ m?s · TensorFlow\.js \(wasm\) in a worker/);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    // Only a snapshot that brings a finished network redraws (progress snapshots update the status line): one draw per
    // network, one for the first snapshot (band only) and slack for a resize. Redrawing every progress snapshot made ~9 per network.
    console.info(`draws while 8 networks trained: ${end.draws}`);
    expect(end.draws).toBeLessThanOrEqual(8 + 3);

    // Back to t = 0: the networks are their initial functions and the band is the (wider) prior band.
    const spy = workerMessages();
    try {
      el.setParams({ time: 0 });
      const start = snap(el);
      expect(start.shownStep).toBe(0);
      expect(start.networks).not.toEqual(end.networks);
      expect(width(start.ntk!)).toBeGreaterThan(3 * width(end.ntk!));
      // Prior band: mean 0.
      expect(Math.max(...start.ntk!.mean.map(Math.abs))).toBeLessThan(1e-9);
      // Networks at t = 0 spread like the prior; at the end they hug the data.
      const spread = (s: EnsemblePosteriorSnapshot) => s.networks.reduce((a, c) => a + c.reduce((b, v, j) => b + (v - s.ntk!.mean[j]) ** 2, 0), 0);
      expect(spread(start)).toBeGreaterThan(5 * spread(end));
      el.setParams({ time: 0.5 });
      const middle = snap(el);
      expect(middle.shownStep).toBeGreaterThan(0);
      expect(middle.shownStep).toBeLessThan(200);
      expect(middle.coverage).toBe(middle.coverageCurve[middle.shownIndex]);
      // NNGP toggle: one more band, the ensemble data unchanged.
      el.setParams({ nngp: true });
      const withGp = snap(el);
      expect(el.querySelector('path.nngp-band')?.getAttribute('d')?.length).toBeGreaterThan(100);
      expect(withGp.nngp).not.toBeNull();
      expect(withGp.networks).toEqual(middle.networks);
      expect(withGp.nngp!.mean).not.toEqual(withGp.ntk!.mean);
      expect(spy.sent).toEqual([]);
    } finally {
      spy.restore();
    }
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 180_000);

  it('a control that retrains (width 256 -> 2048) replaces the networks; wider networks fall inside the band more often', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = widgets.put('width="16" networks="12" steps="200"');
    await el.whenReady();
    await until(complete(el), 120_000, 'width-16 ensemble');
    const narrow = snap(el);
    el.setParams({ width: 2048 });
    // Until the new session reports, the figure still shows the old networks but the status counts the new session.
    expect(el.querySelector('.widget-footer')?.textContent).toMatch(/Training networks: 0 \/ 12 done/);
    await until(() => snap(el).params.width === 2048 && snap(el).signature !== narrow.signature && complete(el)(), 180_000, 'width-2048 ensemble');
    const wide = snap(el);
    expect(wide.networks[0]).not.toEqual(narrow.networks[0]);
    expect(wide.ntk).toEqual(narrow.ntk); // the infinite-width band does not depend on the width
    const meanCoverage = (s: EnsemblePosteriorSnapshot) => s.coverageCurve.reduce<number>((a, c) => a + (c ?? 0), 0) / s.coverageCurve.length;
    console.info(`coverage averaged over t: width 16 ${meanCoverage(narrow).toFixed(3)}, width 2048 ${meanCoverage(wide).toFixed(3)}; `
      + `at the end ${narrow.coverage} vs ${wide.coverage}; median variance ratio at the end ${narrow.varianceRatio?.toFixed(2)} vs ${wide.varianceRatio?.toFixed(2)}`);
    expect(meanCoverage(wide)).toBeGreaterThan(meanCoverage(narrow));
    expect(wide.coverage!).toBeGreaterThan(narrow.coverage!);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN/);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 360_000);

  it('keeps the main thread free while the ensemble trains (width 4096, 32 networks)', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const cal = blockingMonitor();
    await sleep(50);
    busy(80);
    const calibration = await cal.stop();
    if (calibration.observed) expect(Math.max(0, ...calibration.longTasks)).toBeGreaterThanOrEqual(70);
    expect(calibration.maxGap).toBeGreaterThanOrEqual(70);

    const el = widgets.put('width="4096" networks="32" steps="500"');
    await el.whenReady();
    await until(() => snap(el).networksDone >= 1, 120_000, 'first network');
    // The machine is shared: up to 4 rounds of 3 s, each counted only if the ensemble was still training at its end; the best must be clean.
    const rounds = await measureRounds(4, async () => {
      const monitor = blockingMonitor();
      await sleep(3000);
      const r = await monitor.stop();
      return { longest: longestTask(r), p99: r.p99Gap, max: r.maxGap, training: snap(el).networksDone < 32 };
    }, (r) => r.longest < 50 && r.p99 < 50);
    const s = snap(el);
    console.info(`main thread while 32 width-4096 networks train, per round: ${rounds.map((r) => `longest task ${r.longest.toFixed(0)} ms, `
      + `heartbeat p99 ${r.p99.toFixed(0)} / max ${r.max.toFixed(0)} ms${r.training ? '' : ' (training had ended)'}`).join('; ')}; ${s.networksDone} networks done; draws: median `
      + `${s.medianDrawMs.toFixed(1)} ms, longest ${s.maxDrawMs.toFixed(1)} ms (draw #${s.slowestDraw} of ${s.draws})`);
    const valid = rounds.filter((r) => r.training);
    expect(valid.length).toBeGreaterThan(0);
    const best = valid.reduce((a, b) => (b.longest + b.p99 < a.longest + a.p99 ? b : a));
    expect(best.longest).toBeLessThan(50);
    expect(best.p99).toBeLessThan(50);
    expect(s.medianDrawMs).toBeLessThan(16.7);
    expect(s.networks.length).toBe(s.networksDone); // every finished network drawn, though the worker sent each once
    if (s.networksDone < 32) expect(el.querySelector('.widget-footer')?.textContent).toMatch(/Training networks: \d+ \/ 32 done/);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 240_000);

  it('pauses off-screen and resumes on-screen', async () => {
    const el = widgets.put('width="1024" networks="40" steps="500"');
    await el.whenReady();
    await until(() => snap(el).networksDone >= 1, 120_000, 'first network');
    const instance = (el as unknown as { instance: { setActive(a: boolean): void } }).instance;
    instance.setActive(false);
    await until(() => snap(el).state === 'paused', 10_000, 'pause');
    const paused = snap(el).networksDone;
    await sleep(1500);
    expect(snap(el).networksDone).toBe(paused);
    expect(el.querySelector('.widget-footer')?.textContent).toMatch(/Paused off-screen/);
    instance.setActive(true);
    await until(() => snap(el).networksDone > paused, 60_000, 'resume');
  }, 180_000);

  it('with acknowledged networks the worker sends only the newer ones; the widget still holds them all', async () => {
    const client = createExperimentClient<EnsemblePosteriorData>('ensemble-posterior', { width: 32, networks: 6, steps: 50, records: 10 });
    const info = await client.ready;
    client.run(3 * (info.totalUnits / 6));
    const first = await client.settled();
    expect(first.networks.map((n) => n.index)).toEqual([0, 1, 2]);
    client.setParams({ acknowledged: 3 });
    client.run();
    const last = await client.settled();
    expect(last.networksDone).toBe(6);
    expect(last.networksFrom).toBe(3);
    expect(last.networks.map((n) => n.index)).toEqual([3, 4, 5]);
    expect(last.coverage.every((c) => c !== null)).toBe(true); // statistics still over all six
    await client.dispose();
  }, 60_000);

  it('worker memory is flat: tensors after 2 networks equal tensors after 10 (1000 steps in all)', async () => {
    const client = createExperimentClient<EnsemblePosteriorData>('ensemble-posterior', { width: 64, networks: 10, steps: 100, records: 20 });
    const info = await client.ready;
    const perNetwork = info.totalUnits / 10;
    client.run(2 * perNetwork);
    expect((await client.settled()).networksDone).toBe(2);
    const at2 = await client.memory();
    client.run();
    expect((await client.settled()).networksDone).toBe(10);
    const at10 = await client.memory();
    expect(at10.numTensors).toBe(at2.numTensors);
    expect(at10.numBytes).toBe(at2.numBytes);
    expect(client.errors).toEqual([]);
    await client.dispose();
  }, 120_000);
});
