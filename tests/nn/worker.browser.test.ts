/**
 * Experiment workers in Chromium (vitest browser mode): a real module Worker
 * per client, the wasm backend found through setWasmPaths + Vite `?url`
 * imports, snapshots throttled to animation frames, flat tensor count inside
 * the worker across 1000 steps, errors as messages, and dispose terminating
 * the worker.
 */
import { describe, expect, it } from 'vitest';
import type { NtkConvergenceData } from '../../src/nn/experiments/ntk-convergence';
import type { TrainMlpData } from '../../src/nn/experiments/train-mlp';
import { createExperimentClient, type ClientEndpoint } from '../../src/nn/worker/client';
import type { ClientMessage, WorkerMessage } from '../../src/nn/worker/protocol';

/** Count animation frames on the main thread while a test runs. */
function frameCounter() {
  let frames = 0;
  let on = true;
  const tick = () => { if (!on) return; frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return { get frames() { return frames; }, stop() { on = false; } };
}

describe('experiment worker in Chromium', () => {
  it('trains in a worker on wasm: snapshots at most one per frame, tensors flat across 1000 steps', async () => {
    const client = createExperimentClient<TrainMlpData>('train-mlp', { width: 128, depth: 2, steps: 5000, points: 12, gridPoints: 50, seed: 1 });
    let snapshots = 0;
    client.onSnapshot = () => { snapshots++; };
    const ready = await client.ready;
    expect(ready.backend).toBe('wasm');
    expect(client.backend).toBe('wasm');

    client.run(10);
    const first = await client.settled();
    expect(first.step).toBe(10);
    const memoryAt10 = await client.memory();
    expect(memoryAt10.backend).toBe('wasm');

    const counter = frameCounter();
    snapshots = 0;
    client.run(1000);
    const last = await client.settled();
    counter.stop();
    expect(last.step).toBe(1010);
    expect(snapshots).toBeGreaterThan(0);
    expect(snapshots).toBeLessThanOrEqual(counter.frames + 1);
    expect(last.prediction.every(Number.isFinite)).toBe(true);
    expect(last.trainLoss!).toBeLessThan(first.trainLoss!);
    const memoryAt1010 = await client.memory();
    expect(memoryAt1010.numTensors).toBe(memoryAt10.numTensors);
    expect(memoryAt1010.numBytes).toBe(memoryAt10.numBytes);
    expect(client.errors).toEqual([]);
    await client.dispose();
  }, 120_000);

  it('runs a whole experiment (ntk-convergence) with progress messages and pause/resume', async () => {
    const client = createExperimentClient<NtkConvergenceData>('ntk-convergence', { widths: [32, 128, 512], seeds: 4, points: 6, depth: 1 });
    const progress: number[] = [];
    client.onProgress = (p) => progress.push(p.unitsDone);
    await client.ready;
    client.run(3);
    expect((await client.settled()).errors.flat()).toHaveLength(3);
    client.run();
    client.pause();
    const paused = await client.settled();
    expect(client.state === 'paused' || client.state === 'done').toBe(true);
    if (client.state === 'paused') client.resume();
    const state = await new Promise<string>((resolve) => {
      if (client.state === 'done') resolve('done');
      client.onState = (s) => { if (s === 'done') resolve(s); };
    });
    expect(state).toBe('done');
    const data = await client.settled();
    expect(data.errors.flat().length).toBeGreaterThanOrEqual(paused.errors.flat().length);
    expect(data.errors.map((e) => e.length)).toEqual([4, 4, 4]);
    expect(data.fit).not.toBeNull();
    expect(data.meanError[2]!).toBeLessThan(data.meanError[0]!);
    expect(progress.at(-1)).toBe(12);
    await client.dispose();
  }, 120_000);

  it('propagates errors as messages: unknown experiment rejects ready and reaches onError', async () => {
    const client = createExperimentClient('no-such-experiment');
    const errors: string[] = [];
    client.onError = (e) => errors.push(e.message);
    await expect(client.ready).rejects.toThrow(/unknown experiment "no-such-experiment"/);
    expect(errors).toEqual(['unknown experiment "no-such-experiment"']);
    await client.dispose();
  }, 60_000);

  it('dispose frees the session and terminates the worker (it answers nothing afterwards)', async () => {
    const worker = new Worker(new URL('../../src/nn/worker/experiment-worker.ts', import.meta.url), { type: 'module' });
    const received: WorkerMessage[] = [];
    worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => received.push(e.data));
    let terminated = 0;
    const endpoint: ClientEndpoint = {
      post: (m: ClientMessage) => worker.postMessage(m),
      listen: (r) => worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => r(e.data)),
      terminate: () => { terminated++; worker.terminate(); },
    };
    const client = createExperimentClient<TrainMlpData>('train-mlp', { width: 64, steps: 100 }, { endpoint });
    await client.ready;
    client.run();
    await client.settled();
    await client.dispose();
    expect(terminated).toBe(1);
    expect(received.some((m) => m.type === 'disposed')).toBe(true);
    const count = received.length;
    worker.postMessage({ type: 'memory', requestId: 99 } satisfies ClientMessage);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.length).toBe(count);
    expect(client.disposed).toBe(true);
    await expect(client.memory()).rejects.toThrow(/disposed/);
  }, 60_000);
});
