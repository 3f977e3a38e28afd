/**
 * The experiment protocol in Node: the real host and client, joined by the
 * in-process endpoint (structured-cloned, asynchronous messages) and a frame
 * scheduler the test controls. Fake experiments keep these tests about the
 * protocol; tests/nn/worker-training.test.ts runs a real one.
 */
import { describe, expect, it } from 'vitest';
import type { AnyExperiment, ExperimentDefinition, ExperimentSession } from '../../src/nn/experiments/types';
import { createExperimentClient } from '../../src/nn/worker/client';
import { createInProcessEndpoint } from '../../src/nn/worker/in-process';

const counterSchema = {
  units: { kind: 'int', label: 'units', min: 1, max: 100_000, default: 100 },
  msPerUnit: { kind: 'float', label: 'busy ms per unit', min: 0, max: 50, step: 0.1, default: 0 },
  gain: { kind: 'float', label: 'gain (live)', min: 0, max: 10, step: 0.5, default: 1 },
  failAt: { kind: 'int', label: 'throw at unit (0: never)', min: 0, max: 100_000, default: 0 },
} as const;

interface CounterData { count: number; gain: number; sessionId: number }

let sessionsCreated = 0;
let sessionsDisposed = 0;

/** Counts units; optional busy-wait per unit; `gain` is live; `failAt` throws inside step. */
const counter: ExperimentDefinition<typeof counterSchema, CounterData> = {
  name: 'counter',
  summary: 'test double',
  schema: counterSchema,
  async createSession(p): Promise<ExperimentSession<typeof p, CounterData>> {
    const sessionId = ++sessionsCreated;
    let count = 0;
    let gain = p.gain;
    return {
      totalUnits: p.units,
      get unitsDone() { return count; },
      liveParams: ['gain'],
      setParams(patch) { if (patch.gain !== undefined) gain = patch.gain; },
      async step(units) {
        for (let k = 0; k < units && count < p.units; k++) {
          if (p.failAt > 0 && count + 1 === p.failAt) throw new Error(`boom at ${count + 1}`);
          const until = performance.now() + p.msPerUnit;
          while (performance.now() < until) { /* busy, like a tfjs step */ }
          count++;
        }
      },
      snapshot: () => ({ count, gain, sessionId }),
      dispose() { sessionsDisposed++; },
    };
  },
  summarize: (d) => ({ tables: [], notes: [`${d.count}`] }),
};

const find = (name: string): AnyExperiment | undefined =>
  name === 'counter' ? (counter as unknown as AnyExperiment) : undefined;

/** Frames flushed by hand: a snapshot is delivered only when the test says a frame passed. */
function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    requestFrame: (cb: () => void) => { queue.push(cb); },
    flush() { const now = queue.splice(0); now.forEach((cb) => cb()); return now.length; },
    get pending() { return queue.length; },
  };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 5000, frames?: { flush(): number }): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    frames?.flush();
    await tick(2);
  }
}

/** client.settled(), flushing frames meanwhile (a snapshot is only drawn in a frame). */
async function settle<D>(client: { settled(): Promise<D> }, frames: { flush(): number }, timeoutMs = 5000): Promise<D> {
  let done = false;
  const p = client.settled().finally(() => { done = true; });
  p.catch(() => {});
  const end = Date.now() + timeoutMs;
  while (!done) {
    if (Date.now() > end) throw new Error('not settled in time');
    frames.flush();
    await tick(2);
  }
  return p;
}

function start(params: Record<string, number>, frames = manualFrames()) {
  const client = createExperimentClient<CounterData>('counter', params, {
    endpoint: createInProcessEndpoint({ find, chunkMs: 4 }),
    requestFrame: frames.requestFrame,
  });
  const seen: { data: CounterData; final: boolean }[] = [];
  client.onSnapshot = (data, info) => seen.push({ data, final: info.final });
  client.onError = () => { /* collected in client.errors */ };
  return { client, frames, seen };
}

describe('experiment worker protocol (in-process host)', () => {
  it('runs k units, reports ready/progress/state, delivers the final snapshot, and settles', async () => {
    const { client, frames, seen } = start({ units: 500 });
    const ready = await client.ready;
    expect(ready).toMatchObject({ experiment: 'counter', totalUnits: 500 });
    expect(['wasm', 'cpu']).toContain(ready.backend);
    const states: string[] = [];
    client.onState = (s) => states.push(s);
    client.run(120);
    await until(() => client.state === 'idle' && frames.pending === 0 && seen.at(-1)?.data.count === 120, 5000, frames);
    expect((await settle(client, frames)).count).toBe(120);
    expect(states).toEqual(['running', 'idle']);
    client.run();
    await until(() => client.state === 'done', 5000, frames);
    expect((await settle(client, frames)).count).toBe(500);
    expect(client.errors).toEqual([]);
    await client.dispose();
  }, 20_000);

  it('holds snapshots back until the previous one was drawn: at most one per frame', async () => {
    const { client, frames, seen } = start({ units: 100_000, msPerUnit: 0.2 });
    await client.ready;
    frames.flush(); // the init snapshot
    const before = seen.length;
    client.run();
    // Let the worker compute for a while without any frame: it may send one snapshot, then must wait.
    await tick(150);
    expect(frames.pending).toBeLessThanOrEqual(1);
    expect(seen.length).toBe(before);
    let delivered = 0;
    for (let f = 0; f < 10; f++) {
      await tick(20);
      delivered += frames.flush();
    }
    // Each flushed frame delivered exactly one snapshot and counts only go up.
    expect(seen.length - before).toBe(delivered);
    expect(delivered).toBeGreaterThanOrEqual(5);
    const counts = seen.slice(before).map((s) => s.data.count);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    await client.dispose();
  }, 20_000);

  it('pause stops the work, resume continues from the same unit', async () => {
    const { client, frames } = start({ units: 100_000, msPerUnit: 0.5 });
    await client.ready;
    client.run();
    await tick(100);
    client.pause();
    await until(() => client.state === 'paused', 5000, frames);
    const atPause = (await settle(client, frames)).count;
    expect(atPause).toBeGreaterThan(0);
    await tick(100);
    client.requestSnapshot();
    expect((await settle(client, frames)).count).toBe(atPause);
    client.resume();
    expect(client.state).toBe('running');
    await tick(100);
    client.pause();
    await until(() => client.state === 'paused', 5000, frames);
    expect((await settle(client, frames)).count).toBeGreaterThan(atPause);
    await client.dispose();
  }, 20_000);

  it('live parameters change in place; others restart the session (and keep it running)', async () => {
    const { client, frames } = start({ units: 100_000, msPerUnit: 0.2 });
    await client.ready;
    client.run(200);
    await until(() => client.state === 'idle', 5000, frames);
    const first = await settle(client, frames);
    expect(first.count).toBe(200);
    client.setParams({ gain: 3 });
    await until(() => client.latest?.gain === 3, 5000, frames);
    expect(client.latest).toMatchObject({ count: 200, gain: 3, sessionId: first.sessionId });
    client.setParams({ units: 300 });
    await until(() => client.latest?.sessionId !== first.sessionId, 5000, frames);
    expect(client.latest).toMatchObject({ count: 0, gain: 3 });
    client.run();
    await until(() => client.state === 'done', 5000, frames);
    expect((await settle(client, frames)).count).toBe(300);
    await client.dispose();
  }, 20_000);

  it('propagates errors as messages: unknown experiment, clamped parameters, a throwing step', async () => {
    const unknown = createExperimentClient('no-such-thing', {}, { endpoint: createInProcessEndpoint({ find }), requestFrame: manualFrames().requestFrame });
    unknown.onError = () => {};
    await expect(unknown.ready).rejects.toThrow(/unknown experiment "no-such-thing"/);
    expect(unknown.errors[0].fatal).toBe(true);
    await unknown.dispose();

    const clamped = start({ units: 10, msPerUnit: 999 });
    const ready = await clamped.client.ready;
    expect(ready.params.msPerUnit).toBe(50);
    await until(() => clamped.client.errors.length > 0);
    expect(clamped.client.errors[0]).toMatchObject({ fatal: false });
    expect(clamped.client.errors[0].message).toMatch(/msPerUnit: 999 is outside \[0, 50\]; using 50/);
    await clamped.client.dispose();

    const failing = start({ units: 100, failAt: 37 });
    await failing.client.ready;
    const settledPromise = failing.client.settled();
    failing.client.run();
    await expect(settledPromise).rejects.toThrow(/boom at 37/);
    expect(failing.client.errors.at(-1)).toMatchObject({ fatal: true, message: 'boom at 37' });
    await failing.client.dispose();
  }, 20_000);

  it('answers memory queries; dispose frees the session, terminates the endpoint and rejects later calls', async () => {
    const disposedBefore = sessionsDisposed;
    const { client, frames } = start({ units: 50 });
    await client.ready;
    const mem = await client.memory();
    expect(mem.numTensors).toBeGreaterThanOrEqual(0);
    expect(['wasm', 'cpu']).toContain(mem.backend);
    client.run();
    await until(() => client.state === 'done', 5000, frames);
    await client.dispose();
    expect(client.disposed).toBe(true);
    expect(sessionsDisposed).toBe(disposedBefore + 1);
    await expect(client.memory()).rejects.toThrow(/disposed/);
    await client.dispose(); // idempotent
  }, 20_000);
});
