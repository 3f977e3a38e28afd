/**
 * A real experiment (train-mlp) through the worker protocol in Node, on cpu
 * and wasm: the in-process host is the same code the Web Worker runs.
 * Memory: the host's tensor count is flat across 1000 training steps, and
 * returns to its value before init after dispose.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/nn/backend';
import type { TrainMlpData } from '../../src/nn/experiments/train-mlp';
import { createExperimentClient } from '../../src/nn/worker/client';
import { createInProcessEndpoint } from '../../src/nn/worker/in-process';

describe.each(['cpu', 'wasm'] as const)('train-mlp through the protocol (%s)', (backend) => {
  it('snapshots carry finite predictions; tensors flat over 1000 steps; dispose frees the session', async () => {
    expect(await initBackend(backend)).toBe(backend);
    const baseline = tf.memory().numTensors;
    const client = createExperimentClient<TrainMlpData>('train-mlp',
      { width: 64, depth: 1, steps: 5000, points: 8, gridPoints: 40, seed: 4 },
      { endpoint: createInProcessEndpoint(), backend });
    const snapshots: TrainMlpData[] = [];
    client.onSnapshot = (d) => snapshots.push(d);
    const ready = await client.ready;
    expect(ready.backend).toBe(backend);

    client.run(10);
    const first = await client.settled();
    expect(first.step).toBe(10);
    const after10 = (await client.memory()).numTensors;
    expect(after10).toBeGreaterThan(baseline);

    client.run(1000);
    const later = await client.settled();
    expect(later.step).toBe(1010);
    expect((await client.memory()).numTensors).toBe(after10);

    expect(later.prediction).toHaveLength(40);
    expect(later.prediction.every(Number.isFinite)).toBe(true);
    expect(later.kernelPrediction.every(Number.isFinite)).toBe(true);
    expect(later.trainLoss!).toBeLessThan(first.trainLoss!);
    // Snapshots are throttled: far fewer than steps, and steps only increase.
    expect(snapshots.length).toBeLessThan(200);
    const steps = snapshots.map((s) => s.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);

    await client.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  }, 60_000);
});
