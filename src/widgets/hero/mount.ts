/**
 * hero widget: a title block, the plot (network vs infinite-width NTK
 * prediction and the training points), the transport row and a readout of
 * t, both train losses and the gap. Training runs in the `hero` experiment's
 * worker (driver.ts); this module only draws and never loads TensorFlow.js.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import type { HeroData } from '../../nn/experiments/hero';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { formatReadout } from '../../viz/format';
import { createTransport } from '../../ui/transport';
import { fitBudget, fitPatch } from '../shared/live-training-budget';
import { createHeroDriver, STEPS_PER_PRESS } from './driver';
import { BASE_Y, createHeroPanel, growDomain } from './panel';
import { renderReadout } from './readout';
import type { HeroParams } from './schema';
import './hero.css';

export interface HeroSnapshot {
  /** Parameters the reader asked for (after the live-training cap). */
  params: { width: number; depth: number; seed: number };
  /** Transport state: playing, paused, done or diverged. */
  state: string;
  backend: string;
  /** What is drawn (null before the worker's first snapshot). */
  data: HeroData | null;
  yDomain: [number, number];
}

function titleBlock(doc: Document): HTMLElement {
  const block = doc.createElement('div');
  block.className = 'hero-title-block';
  const kicker = doc.createElement('p');
  kicker.className = 'hero-kicker';
  kicker.textContent = 'Live: a real network is training in your browser';
  const title = doc.createElement('p');
  title.className = 'hero-title';
  title.textContent = 'Make a network wider, and gradient descent follows a fixed kernel';
  const dek = doc.createElement('p');
  dek.className = 'hero-dek';
  dek.textContent = 'Blue: the network after t steps of gradient descent. Orange: what an infinitely wide network, started from the same function, predicts at the same t.';
  block.append(kicker, title, dek);
  return block;
}

export function mount(stage: HTMLElement, params: HeroParams, ctx: WidgetContext<HeroParams>): WidgetInstance<HeroParams> {
  const doc = stage.ownerDocument;
  const fitted = fitBudget(params.width, params.depth, 'width');
  let p: HeroParams = { ...params, width: fitted.width, depth: fitted.depth };
  if (fitted.note) ctx.setParams({ width: p.width, depth: p.depth });
  let capNote = fitted.note;
  let backend = '';
  let msPerStep: number | null = null;
  let errorShown = false;
  let lastStatus = '';
  let speedShownAt = -Infinity;
  let yDomain: [number, number] = [...BASE_Y];
  let domainKey = '';

  const root = doc.createElement('div');
  root.className = 'hero';
  stage.append(root);
  root.append(titleBlock(doc));
  const layout = createFigureLayout(root, 1, 280);
  const panel = layout.panels[0];
  const chart = createChart(panel.chart, {
    aspect: 2.4, minHeight: 240, maxHeight: 440,
    label: 'A network trained by gradient descent and the infinite-width NTK prediction over the input x',
  });
  const plot = createHeroPanel(chart, panel.legend);
  const controls = doc.createElement('div');
  controls.className = 'hero-controls';
  layout.root.insertBefore(controls, layout.readout);
  layout.readout.setAttribute('aria-live', 'off');
  layout.readout.classList.add('hero-readout');

  // Created before the driver, whose callbacks use it; its handlers reach the driver only on clicks.
  const transport = createTransport(controls, {
    onPlay: () => driver.play(),
    onPause: () => driver.pause(),
    onStep: () => driver.step(),
    onReset: () => driver.reset(),
  }, { stepTitle: `Train ${STEPS_PER_PRESS} more steps`, stateText: { playing: 'training…' } });

  const driver = createHeroDriver({ width: p.width, depth: p.depth, seed: p.seed }, {
    onData: () => draw(),
    onState: (s) => { transport.setState(s); status(); },
    onInfo: (info) => {
      backend = info.backend;
      // Progress arrives after every request (every frame): refresh the speed shown about once a second.
      const now = performance.now();
      if (info.msPerStep !== null && now - speedShownAt < 1000) return;
      if (info.msPerStep !== null) { msPerStep = info.msPerStep; speedShownAt = now; }
      status();
    },
    onError: (error) => { errorShown = true; ctx.setStatus(`Training stopped: ${error.message}`, 'error'); },
  });

  /** Set the footer status line (only when its text changes: this runs every frame). */
  function say(text: string, kind: 'info' | 'warn'): void {
    if (`${kind}:${text}` === lastStatus) return;
    lastStatus = `${kind}:${text}`;
    ctx.setStatus(text, kind);
  }

  function status(): void {
    if (errorShown) return;
    const data = driver.data;
    if (data?.diverged) {
      say(`Training diverged at step ${data.diverged.step} (${data.diverged.reason}); press reset or pick another seed.`, 'warn');
      return;
    }
    if (!backend) { say('Starting TensorFlow.js in a worker…', 'info'); return; }
    const speed = msPerStep === null ? '' : ` · ${formatReadout(msPerStep, 2)} ms per step`;
    const cap = capNote ? ` · ${capNote}` : '';
    const where = `TensorFlow.js (${backend}) in a worker`;
    const doing = driver.state === 'done' ? `Trained ${data?.totalSteps.toLocaleString('en-US') ?? ''} steps on ${where}`
      : driver.state === 'playing' ? `Training on ${where}` : `Paused · ${where}`;
    say(`${doing}${speed}${cap}`, 'info');
  }

  function draw(): void {
    const data = driver.data;
    if (!data) return;
    const key = `${data.width}/${data.depth}/${data.seed}/${data.restart}`;
    if (key !== domainKey) { domainKey = key; yDomain = [...BASE_Y]; }
    yDomain = growDomain(yDomain, data);
    plot.draw(data, yDomain);
    chart.message(data.diverged ? `Training diverged at step ${data.diverged.step}: the network is not drawn` : null);
    transport.setStep(data.step, data.totalSteps);
    renderReadout(layout.readout, data);
    chart.svg.setAttribute('aria-label', `Network of width ${data.width} and depth ${data.depth} after ${data.step} gradient steps, `
      + `with the infinite-width NTK prediction at the same step; largest gap ${formatReadout(data.gapMax ?? NaN)}.`);
    status();
    ctx.rendered();
  }

  chart.onResize(() => { plot.invalidate(); draw(); });
  status();

  function apply(patch: Partial<HeroParams>): void {
    const fit = fitPatch(p, patch);
    p = fit.params;
    // Tell the host (controls, URL) about the capped value; its update comes back (re-entrant) with nothing to change.
    if (fit.note) ctx.setParams({ width: p.width, depth: p.depth });
    capNote = fit.note;
    driver.setParams({ width: p.width, depth: p.depth, seed: p.seed });
    status();
  }

  return {
    update(patch) { apply(patch); },
    setActive(active) { driver.setActive(active); },
    reset() { driver.reset(); },
    snapshot(): HeroSnapshot {
      const data = driver.data;
      return {
        params: { width: p.width, depth: p.depth, seed: p.seed },
        state: driver.state,
        backend,
        data: data ? structuredClone(data) : null,
        yDomain: [...yDomain],
      };
    },
    destroy() {
      void driver.dispose();
      transport.destroy();
      chart.destroy();
      layout.destroy();
      root.remove();
    },
  };
}
