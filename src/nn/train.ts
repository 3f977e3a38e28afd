import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import { lossGradients } from './backward';
import { createBatchSampler } from './batches';
import { halfMse, relativeFrobenius } from './measurements';
import { ntkStructured } from './ntk-structured';
import { createPathKernelAccumulator, type PathKernelAccumulator } from './path-kernel';
import { createWeightTracker, type WeightTracker } from './weight-change';

export interface TrainerOptions {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  learningRate: number;
  /** Minibatch size for SGD; full-batch gradient descent if absent (or >= N). */
  batchSize?: number;
  /** Seed of the minibatch order (defaults to the network's seed). */
  seed?: number;
  xTest?: tf.Tensor2D;
  yTest?: tf.Tensor1D;
  track?: { kernel?: boolean; weights?: boolean; pathKernel?: boolean };
  /** Training stops when the batch loss exceeds this multiple of the initial loss (default 1e6). */
  divergenceFactor?: number;
}

export interface StepReport {
  /** Number of updates applied so far. */
  step: number;
  /** (1 / 2N) sum (f - y)^2 on the whole training set at the current parameters. */
  trainLoss: number;
  testLoss?: number;
  /** Set once training has stopped on a non-finite or exploding loss. */
  diverged?: { step: number; reason: string };
  /** ||Theta_t - Theta_0||_F / ||Theta_0||_F on the training inputs (track.kernel). */
  kernelChange?: number;
  /** ||W_t - W_0||_F / ||W_0||_F per layer (track.weights). */
  weightChange?: number[];
}

export interface Trainer {
  /** Apply k (default 1) updates unless diverged, then report. step(0) only reports. */
  step(k?: number): StepReport;
  /** f(x) at the current parameters. */
  predict(x: tf.Tensor2D): Float32Array;
  /** f_0 + accumulated path-kernel terms on train (and test) inputs (track.pathKernel). */
  pathKernelPrediction?(): { train: Float32Array; test?: Float32Array };
  /** Free every tensor the trainer holds (not the network, nor the caller's data). */
  dispose(): void;
}

/**
 * Gradient descent (full batch) or seeded minibatch SGD on
 * L = (1 / 2B) sum_i (f(x_i) - y_i)^2, updating the network's variables in place
 * with the hand-written backward pass. A batch loss that is not finite or
 * exceeds divergenceFactor x the initial loss stops training: the report
 * carries diverged = { step, reason } and, when the loss was not finite, the
 * parameters are rolled back to the previous step so predictions stay finite.
 */
export function createTrainer(mlp: Mlp, opts: TrainerOptions): Trainer {
  const { x, y, learningRate: eta } = opts;
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new RangeError(`x has ${n} rows but y has ${y.shape[0]} entries`);
  if (!(eta > 0)) throw new RangeError(`learningRate must be > 0, got ${eta}`);
  const batchSize = Math.min(opts.batchSize ?? n, n);
  const nextBatch = createBatchSampler(n, batchSize, opts.seed ?? mlp.spec.seed);
  const yHost = y.dataSync().slice();
  const yTestHost = opts.yTest?.dataSync().slice();
  const params: tf.Variable[] = [...mlp.weights, ...mlp.biases];
  const layers = mlp.weights.length;

  const predict = (input: tf.Tensor2D): Float32Array => {
    const out = mlp.forward(input);
    const values = (out.dataSync() as Float32Array).slice();
    out.dispose();
    return values;
  };

  const initialLoss = halfMse(predict(x), yHost);
  const threshold = (opts.divergenceFactor ?? 1e6) * Math.max(initialLoss, 1e-6);
  let steps = 0;
  let diverged: { step: number; reason: string } | undefined =
    Number.isFinite(initialLoss) ? undefined : { step: 0, reason: `initial loss is ${initialLoss}` };
  // Tensors holding the parameter values now in the variables (and one step back), for the rollback.
  let current: tf.Tensor[] = params.map((p) => tf.clone(p));
  let previous: tf.Tensor[] | null = null;
  const kernel0 = opts.track?.kernel ? ntkStructured(mlp, x) : null;
  const weights: WeightTracker | null = opts.track?.weights ? createWeightTracker(mlp) : null;
  const path: PathKernelAccumulator | null = opts.track?.pathKernel ? createPathKernelAccumulator(mlp, x, opts.xTest) : null;
  let disposed = false;

  const update = (): boolean => {
    const batch = nextBatch();
    const { loss, grads } = tf.tidy(() => {
      const full = batchSize === n;
      const xb = full ? x : tf.gather(x, batch);
      const yb = full ? y : tf.gather(y, batch);
      const g = lossGradients(mlp, xb, yb);
      return { loss: g.loss, grads: [...g.weights, ...g.biases] };
    });
    const lossValue = loss.dataSync()[0];
    loss.dispose();
    if (!Number.isFinite(lossValue) || lossValue > threshold) {
      tf.dispose(grads);
      const reason = Number.isFinite(lossValue)
        ? `loss ${lossValue.toExponential(3)} exceeds ${opts.divergenceFactor ?? 1e6} x the initial loss`
        : `loss is ${lossValue}`;
      diverged = { step: steps, reason };
      if (!Number.isFinite(lossValue) && previous !== null) {
        params.forEach((p, k) => p.assign(previous![k]));
        tf.dispose(current);
        current = previous;
        previous = null;
        steps -= 1;
      }
      return false;
    }
    if (path !== null) {
      // Not inside a tidy: the accumulator keeps the sums it returns from its own.
      const d = tf.tidy(() => grads.map((g) => tf.mul(g, -eta)));
      path.add(d.slice(0, layers) as tf.Tensor2D[], d.slice(layers) as tf.Tensor1D[]);
      tf.dispose(d);
    }
    const next = tf.tidy(() => params.map((p, k) => tf.sub(p, tf.mul(grads[k], eta))));
    params.forEach((p, k) => p.assign(next[k]));
    tf.dispose(grads);
    if (previous !== null) tf.dispose(previous);
    previous = current;
    current = next;
    steps += 1;
    return true;
  };

  const report = (): StepReport => {
    const r: StepReport = { step: steps, trainLoss: halfMse(predict(x), yHost) };
    if (opts.xTest !== undefined && yTestHost !== undefined) r.testLoss = halfMse(predict(opts.xTest), yTestHost);
    if (diverged !== undefined) r.diverged = { ...diverged };
    if (kernel0 !== null) {
      const theta = ntkStructured(mlp, x);
      r.kernelChange = relativeFrobenius(theta, kernel0);
      theta.dispose();
    }
    if (weights !== null) r.weightChange = weights.relativeChange();
    return r;
  };

  const trainer: Trainer = {
    step(k = 1) {
      if (disposed) throw new Error('trainer was disposed');
      for (let i = 0; i < k && diverged === undefined; i++) update();
      return report();
    },
    predict(input) {
      return predict(input);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(current);
      if (previous !== null) tf.dispose(previous);
      kernel0?.dispose();
      weights?.dispose();
      path?.dispose();
    },
  };
  if (path !== null) trainer.pathKernelPrediction = () => path.prediction();
  return trainer;
}
