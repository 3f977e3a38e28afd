/**
 * Test harness for the analytic widgets (kernel-recursion, phase-diagram,
 * gp-posterior): mount a widget module into a fixed-size div with a fake
 * host context that records calls and, like the real host, applies
 * setParams patches through instance.update.
 */
import type { WidgetContext, WidgetInstance } from '../../src/widgets/contract';

export interface FakeHost<P> {
  stage: HTMLDivElement;
  /** Outer box (fixed width; tests may scale it with a CSS transform). */
  box: HTMLDivElement;
  instance: WidgetInstance<P>;
  setParamsCalls: Partial<P>[];
  statuses: { message: string; kind?: string }[];
  renders: number;
  /** When false, setParams is recorded but not applied (default true). */
  applyPatches: boolean;
  cleanup(): void;
}

export interface MountModule<P> {
  mount(stage: HTMLElement, params: P, ctx: WidgetContext<P>): WidgetInstance<P>;
}

export function mountWithFakeHost<P>(mod: MountModule<P>, params: P, width = 900, transform?: string): FakeHost<P> {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  box.style.fontFamily = 'sans-serif';
  if (transform) { box.style.transform = transform; box.style.transformOrigin = '0 0'; }
  const stage = document.createElement('div');
  stage.className = 'widget-stage';
  box.append(stage);
  document.body.append(box);
  const controller = new AbortController();
  const host = {
    stage, box, setParamsCalls: [], statuses: [], renders: 0, applyPatches: true,
  } as unknown as FakeHost<P>;
  const ctx: WidgetContext<P> = {
    setParams(patch) {
      host.setParamsCalls.push(patch);
      if (host.applyPatches) host.instance.update(patch);
    },
    setStatus(message, kind) { host.statuses.push({ message, kind }); },
    rendered() { host.renders += 1; },
    signal: controller.signal,
  };
  host.instance = mod.mount(stage, params, ctx);
  host.cleanup = () => {
    controller.abort();
    host.instance.destroy();
    box.remove();
  };
  return host;
}

/** Every `d` attribute of every path under `root`. */
export function pathData(root: Element): string[] {
  return Array.from(root.querySelectorAll('path')).map((p) => p.getAttribute('d') ?? '');
}

/** Time `count` updates (ms per update): median and max. */
export function timeUpdates<P>(instance: WidgetInstance<P>, patches: Partial<P>[]): { median: number; max: number; all: number[] } {
  const all: number[] = [];
  for (const patch of patches) {
    const t0 = performance.now();
    instance.update(patch);
    all.push(performance.now() - t0);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], all };
}
