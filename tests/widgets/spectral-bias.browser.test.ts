/**
 * spectral-bias widget in Chromium, through the real custom element (eager):
 * it trains in its worker and draws the spectrum, the eigenfunctions, the
 * residual per mode with its prediction and the learned fraction per
 * frequency; a lower high frequency k is learned sooner (control changes the
 * drawn data in the expected direction); the "prediction from" switch redraws
 * without a message to the worker; no NaN in any path; the main thread stays
 * free while it trains (longtask observer and a 10 ms heartbeat); the worker's
 * tensor count is flat across 1000 steps; nothing is logged as an error.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement } from '../../src/widgets/element';
import type { SpectralBiasSnapshot } from '../../src/widgets/spectral-bias/mount';
import { residualDomain, onLogAxis, unstableNote } from '../../src/widgets/spectral-bias/modes-panel';
import { blockingMonitor, eagerWidgets, expectSameMemory, longestTask, measureRounds, pathsOf, sleep, until } from './training-kit';

beforeAll(() => { defineWidgets(); });

const widgets = eagerWidgets('ntk-spectral-bias');
let errorSpy: ReturnType<typeof vi.spyOn> | null = null;
afterEach(() => { widgets.removeAll(); errorSpy?.mockRestore(); errorSpy = null; });

const snap = (el: WidgetElement) => el.snapshot() as SpectralBiasSnapshot;
const finished = (el: WidgetElement, check: (s: SpectralBiasSnapshot) => boolean = () => true) => () => {
  const s = snap(el);
  return s.step !== null && s.step === s.totalSteps && (s.state === 'done' || s.state === 'diverged') && check(s);
};

describe('spectral-bias helpers', () => {
  it('log axis: five decades under the largest initial projection; tiny and huge values pulled just outside', () => {
    expect(residualDomain([-6.2, 0.3, null])).toEqual([1e-4, 10]);
    const v = onLogAxis([null, -2, 1e-12, 1e40], [1e-4, 10]);
    expect(Number.isNaN(v[0])).toBe(true);
    expect(v.slice(1)).toEqual([2, 1e-4 / 3, 30]);
    expect(unstableNote([10, 50], 1, 32)).toBeNull();
    expect(unstableNote([80], 1, 32)).toMatch(/2\.50 > 2/);
    // eta = eta_max exactly (up to the rounding of lambda): the edge, never printed as "2.00 > 2".
    expect(unstableNote([64.000001], 1, 32)).toMatch(/= 2 \(η = η_max\)/);
    expect(unstableNote([63.999999], 1, 32)).toMatch(/= 2 \(η = η_max\)/);
    expect(unstableNote([64.1], 1, 32)).toMatch(/2\.0031 > 2/);
    expect(unstableNote([63], 1, 32)).toBeNull();
  });
});

describe('spectral-bias widget', () => {
  it('trains in a worker and draws all four panels; sin x is learned before sin kx; a lower k is learned sooner; no NaN', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = widgets.put('width="256" steps="300" seed="2"');
    await el.whenReady();
    await until(finished(el, (s) => s.params.frequency === 6));
    const s6 = snap(el);
    expect(s6.backend).toBe('wasm');
    expect(s6.eigenvalues).toHaveLength(32);
    for (let i = 1; i < 32; i++) expect(s6.eigenvalues[i]).toBeLessThanOrEqual(s6.eigenvalues[i - 1]);
    expect(s6.frequencies).toEqual([0, 1, 1, 2, 2]);
    expect(el.querySelectorAll('line.stem')).toHaveLength(32);
    expect(el.querySelectorAll('path.eigenfunction')).toHaveLength(5);
    expect(el.querySelectorAll('path.mode-measured')).toHaveLength(5);
    expect(el.querySelectorAll('path.mode-predicted')).toHaveLength(5);
    expect(el.querySelectorAll('path.component-measured')).toHaveLength(2);
    expect(el.querySelectorAll('circle.eigenvector-value')).toHaveLength(5 * 32);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN|Infinity/);
    // Panel (d): at step 10 sin x is almost fully learned, sin 6x hardly at all.
    const i10 = s6.recordSteps.indexOf(10);
    expect(s6.components.low[i10]).toBeGreaterThan(0.9);
    expect(s6.components.high[i10]).toBeLessThan(0.3);
    const r6 = s6.readout!;
    expect(r6.highSteps).toBeGreaterThan(50 * r6.lowSteps);
    expect(el.querySelector('.sb-readout')?.textContent).toMatch(/N\/\(ηλ\)/);

    // Control: the real "high frequency k" slider down to its minimum, 2 (inside the top modes).
    const input = el.querySelector<HTMLInputElement>('.control[data-param="frequency"] input')!;
    input.value = input.min;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(el.values.frequency).toBe(2);
    await until(finished(el, (s) => s.params.frequency === 2));
    const s2 = snap(el);
    expect(s2.readout!.highSteps).toBeLessThan(r6.highSteps / 10);
    expect(s2.components.high[i10]).toBeGreaterThan(s6.components.high[i10] + 0.3);
    expect(el.querySelector('.frequency-label:last-child')?.textContent).toMatch(/sin 2x/);
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN|Infinity/);
    console.info(`sin kx learned after 10 steps: k = 6 ${(100 * s6.components.high[i10]).toFixed(1)}%, k = 2 ${(100 * s2.components.high[i10]).toFixed(1)}%`);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 180_000);

  it('"prediction from" redraws from the network’s own kernel without any message to the worker', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = widgets.put('width="512" steps="200"');
    await el.whenReady();
    await until(finished(el));
    await until(() => snap(el).memory.at(-1)?.step === 200);
    await sleep(300);
    const analytic = snap(el);
    const sent: string[] = [];
    const original = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      sent.push(String((message as { type?: unknown } | null)?.type));
      return (original as (this: Worker, m: unknown, ...r: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
    try {
      el.setParams({ kernel: 'empirical' });
      const empirical = snap(el);
      expect(empirical.params.kernel).toBe('empirical');
      expect(empirical.eigenvalues).not.toEqual(analytic.eigenvalues);
      expect(empirical.predicted).not.toEqual(analytic.predicted);
      // The network's own kernel predicts its modes better than the infinite-width one.
      expect(empirical.readout!.worstGap!).toBeLessThan(analytic.readout!.worstGap!);
      console.info(`largest |r_i - pred_i| / |r0| at width 512: analytic ${analytic.readout!.worstGap}, Theta_0 ${empirical.readout!.worstGap}`);
      await sleep(300);
      expect(sent).toEqual([]);
    } finally {
      Worker.prototype.postMessage = original;
    }
    for (const d of pathsOf(el)) expect(d).not.toMatch(/NaN|Infinity/);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 120_000);

  it('keeps the main thread free while it trains (longtask observer and 10 ms heartbeat; best of up to 6 rounds)', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = widgets.put('width="1024" steps="300"');
    await el.whenReady();
    await until(() => snap(el).step !== null);
    const rounds = await measureRounds(6, async (round) => {
      if (round > 0) { await sleep(2000); el.reset(); }
      await until(() => snap(el).step !== null && snap(el).step! < 300);
      const monitor = blockingMonitor();
      await until(finished(el));
      const r = await monitor.stop();
      return { longest: longestTask(r), p99: r.p99Gap, max: r.maxGap, observed: r.observed };
    }, (r) => r.longest < 50 && r.p99 < 50);
    const s = snap(el);
    console.info(`main thread while training (width 1024, 300 steps), per round: ${rounds.map((r) => `longest task ${r.longest.toFixed(0)} ms `
      + `(observer ${r.observed ? 'on' : 'off'}), heartbeat p99 ${r.p99.toFixed(0)} / max ${r.max.toFixed(0)} ms`).join('; ')}; `
      + `draws: median ${s.medianDrawMs.toFixed(1)} ms, longest ${s.maxDrawMs.toFixed(1)} ms over ${s.draws}`);
    // Panels (a) and (b) do not depend on the step: drawn once for this network, not on every snapshot
    // (redrawing them every time was about 3/4 of each draw and gave 50-220 ms tasks on a loaded machine).
    // Resets retrain the same network and keep them; only a resize may add a redraw.
    console.info(`static panels drawn ${s.staticDraws} times in ${s.draws} draws`);
    expect(s.staticDraws).toBeLessThanOrEqual(3);
    const best = rounds.reduce((a, b) => (b.longest + b.p99 < a.longest + a.p99 ? b : a));
    expect(best.longest).toBeLessThan(50);
    expect(best.p99).toBeLessThan(50);
    expect(s.medianDrawMs).toBeLessThan(16.7);
    expect(s.draws).toBeGreaterThan(20);
    expect(errorSpy).not.toHaveBeenCalled();
  }, 240_000);

  it('the worker holds the same number of tensors after 10 and after 1000 steps', async () => {
    errorSpy = vi.spyOn(console, 'error');
    const el = widgets.put('width="128" steps="1010"');
    await el.whenReady();
    await until(finished(el));
    // The worker's memory is read after the last batch, possibly after the last snapshot is drawn.
    await until(() => snap(el).memory.at(-1)?.step === 1010);
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
});
