/**
 * A tiny fake widget for the element and keyboard tests: one parameter of
 * every kind, an SVG path whose `d` depends on every parameter, counters for
 * the contract calls. Registered only by these tests.
 */
import type { WidgetContext, WidgetInstance, WidgetModule, WidgetSchema } from '../../src/widgets/contract';
import type { ParamValue } from '../../src/ui/params';
import { defineWidget } from '../../src/widgets/define';

export const fakeParams = {
  count: { kind: 'int', min: 1, max: 10, default: 3, label: 'count' },
  rate: { kind: 'float', min: 0, max: 1, step: 0.1, default: 0.5, label: 'rate', unit: 'per step' },
  width: { kind: 'log', min: 8, max: 1024, default: 64, integer: true, label: 'width n' },
  mode: { kind: 'enum', options: ['a', 'b', 'c'], default: 'a', label: 'mode' },
  flavour: { kind: 'enum', options: ['vanilla', 'chocolate', 'strawberry', 'pistachio', 'mango'], default: 'vanilla', label: 'flavour' },
  flag: { kind: 'bool', default: false, label: 'flag' },
  points: { kind: 'list', min: -1, max: 1, minLength: 0, maxLength: 5, default: [0.5], label: 'points', control: false },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
} as const;

type P = Record<string, ParamValue>;

/** What the fake instance records, per tag. */
export interface FakeLog {
  mounts: number;
  updates: P[];
  active: boolean[];
  resets: number;
  destroys: number;
  ctx: WidgetContext<P> | null;
}

export function fakeSchema(tag: string, name = tag.replace(/^test-/, '')): WidgetSchema {
  return { name, tag, title: `Fake ${name}`, summary: 'A fake widget for tests.', params: fakeParams, aspect: 2 };
}

/** The path drawn for a set of params: changes whenever any parameter changes. */
export function pathFor(p: P): string {
  const n = p.count as number;
  const pts = Array.from({ length: n + 1 }, (_, i) => {
    const x = (i / n) * 100;
    const y = 50 + 40 * Math.sin(i * (p.rate as number) * 3 + (p.width as number) / 100 + (p.seed as number))
      + ({ a: 0, b: 5, c: 10 } as Record<string, number>)[p.mode as string] + (p.flag ? 3 : 0)
      + (p.flavour as string).length + (p.points as number[]).length;
    return `${x.toFixed(2)},${y.toFixed(2)}`;
  });
  return `M${pts.join('L')}`;
}

export interface FakeOptions {
  /** Throw from mount. */
  failMount?: boolean;
  /** Throw from update. */
  failUpdate?: boolean;
  /** Loader rejects (module failed to load). */
  failLoad?: boolean;
}

/** Define a fake widget element under `tag`; returns its log. */
export function defineFake(tag: string, options: FakeOptions = {}): FakeLog {
  const log: FakeLog = { mounts: 0, updates: [], active: [], resets: 0, destroys: 0, ctx: null };
  const mod: WidgetModule = {
    mount(stage, params, ctx): WidgetInstance<P> {
      log.mounts += 1;
      log.ctx = ctx as WidgetContext<P>;
      if (options.failMount) throw new Error('fake mount exploded: no data');
      const p: P = { ...(params as P) };
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 100 100');
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      svg.append(path);
      stage.append(svg);
      const draw = (): void => { path.setAttribute('d', pathFor(p)); ctx.rendered(); };
      draw();
      return {
        update(patch) {
          if (options.failUpdate) throw new Error('fake update exploded');
          log.updates.push({ ...(patch as P) });
          Object.assign(p, patch);
          draw();
        },
        setActive(a) { log.active.push(a); },
        reset() { log.resets += 1; },
        snapshot() { return { d: path.getAttribute('d'), params: { ...p } }; },
        destroy() { log.destroys += 1; svg.remove(); },
      };
    },
  };
  defineWidget(fakeSchema(tag), () => (options.failLoad ? Promise.reject(new Error('chunk failed to load')) : Promise.resolve(mod)));
  return log;
}

/** Wait for a condition checked once per animation frame. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
}
