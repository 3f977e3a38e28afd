/**
 * vitest bench of the network engine (`npm run bench`, project unit).
 * Each describe block compares the structured empirical NTK with Jacobian
 * contraction for one backend, N and width, so vitest's summary prints the
 * speed-up ("structured ... x faster than generic"); the training blocks
 * compare one gradient step at width 256 with one at width 1024.
 * For one table with ratio columns, run `npm run bench:nn` (bench/nn-table.ts).
 *
 * The generic kernel holds the N x P Jacobian; above 80M floats (width 2048
 * at depth 2) it is left out here. On cpu the widths stop at 1024 (generic at
 * 512): cpu is about 30x slower than wasm for these matMuls.
 */
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { initBackend, type BackendName } from '../src/nn/backend';
import { createMlp, createTrainer, ntkGeneric, ntkStructured, type Mlp, type Trainer } from '../src/nn/index';
import { benchSpec, circleInputs, parameterCount } from './nn-measure';

const GENERIC_FLOAT_BUDGET = 80_000_000;
const BACKENDS: { name: BackendName; widths: number[]; genericMaxWidth: number }[] = [
  { name: 'wasm', widths: [64, 128, 256, 512, 1024, 2048], genericMaxWidth: 2048 },
  { name: 'cpu', widths: [64, 256, 1024], genericMaxWidth: 512 },
];

/** Network and inputs built in a bench's setup hook on the right backend, freed in teardown. */
function fixture(backend: BackendName, width: number, n: number) {
  let mlp: Mlp | null = null;
  let x: tf.Tensor2D | null = null;
  return {
    async setup() {
      if (mlp) return;
      await initBackend(backend);
      mlp = createMlp(benchSpec(width));
      x = circleInputs(n);
    },
    teardown() {
      mlp?.dispose(); x?.dispose();
      mlp = null; x = null;
    },
    get mlp(): Mlp { if (!mlp) throw new Error('fixture not set up'); return mlp; },
    get x(): tf.Tensor2D { if (!x) throw new Error('fixture not set up'); return x; },
  };
}

const force = (t: tf.Tensor) => { t.dataSync(); t.dispose(); };

for (const { name: backend, widths, genericMaxWidth } of BACKENDS) {
  for (const n of [32, 64]) {
    for (const width of widths) {
      describe(`NTK ${backend} N=${n} width=${width}`, () => {
        const f = fixture(backend, width, n);
        const slow = width >= 1024 || backend === 'cpu';
        bench('structured', () => force(ntkStructured(f.mlp, f.x)), {
          setup: () => f.setup(), teardown: () => f.teardown(),
          time: slow ? 300 : 200, iterations: 5, warmupIterations: 1, warmupTime: 0,
        });
        if (n * parameterCount(width) <= GENERIC_FLOAT_BUDGET && width <= genericMaxWidth) {
          bench('generic', () => force(ntkGeneric((z) => f.mlp.forward(z), [...f.mlp.weights, ...f.mlp.biases], f.x)), {
            setup: () => f.setup(), teardown: () => f.teardown(),
            time: 0, iterations: slow ? 1 : 3, warmupIterations: slow ? 0 : 1, warmupTime: 0,
          });
        }
      });
    }
  }
  describe(`training step ${backend} N=16 (width 256 vs 1024)`, () => {
    for (const width of [256, 1024]) {
      const f = fixture(backend, width, 16);
      let trainer: Trainer | null = null;
      let y: tf.Tensor1D | null = null;
      bench(`gradient step width=${width}`, () => { trainer!.step(1); }, {
        setup: async () => {
          await f.setup();
          if (!trainer) {
            y = tf.tidy(() => tf.sin(tf.linspace(-3, 3, 16))) as tf.Tensor1D;
            trainer = createTrainer(f.mlp, { x: f.x, y, learningRate: 0.05 });
          }
        },
        teardown: () => { trainer?.dispose(); y?.dispose(); trainer = null; y = null; f.teardown(); },
        time: 300, iterations: 5, warmupIterations: 2, warmupTime: 0,
      });
    }
  });
}
