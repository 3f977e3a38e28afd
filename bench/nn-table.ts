/**
 * Node bench of the network engine as readable tables with ratio columns
 * (`npm run bench:nn`; `-- --backends wasm --quick` for a short run).
 * Structured vs generic empirical NTK at widths 64..2048 for N = 32 and 64,
 * and gradient-descent steps per second at widths 256 and 1024, on wasm and cpu.
 * The generic kernel is skipped where its N x P Jacobian would not fit
 * (wasm: width 2048 at N = 64; cpu: above width 512, where it takes minutes).
 */
import { initBackend, type BackendName } from '../src/nn/backend';
import { formatNtkTable, formatTrainTable, measureNtk, measureTraining, type NtkTiming, type TrainTiming } from './nn-measure';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const backends = (option('backends') ?? 'wasm,cpu').split(',') as BackendName[];
const widths = quick ? [64, 256, 1024] : [64, 128, 256, 512, 1024, 2048];
const ns = quick ? [64] : [32, 64];

const ntkRows: NtkTiming[] = [];
const trainRows: TrainTiming[] = [];
for (const requested of backends) {
  const backend = await initBackend(requested);
  if (backend !== requested) { console.error(`backend ${requested} unavailable (got ${backend}); skipped`); continue; }
  const onCpu = backend === 'cpu';
  console.error(`[${backend}] NTK timings...`);
  ntkRows.push(...await measureNtk(
    {
      widths: onCpu ? widths.filter((w) => w <= 1024) : widths, ns, depth: 2, repeats: onCpu ? 2 : 5,
      genericMaxWidth: onCpu ? 512 : 2048,
      // wasm: width 2048 at N = 32 (134M Jacobian floats, about 2.3 GB peak) fits; N = 64 does not.
      genericFloatBudget: onCpu ? 80_000_000 : 140_000_000,
    },
    (r) => console.error(`  N=${r.n} width=${r.width}: structured ${r.structuredMs.toFixed(2)} ms, generic ${r.genericMs?.toFixed(1) ?? 'skipped'}`),
  ));
  console.error(`[${backend}] training steps...`);
  trainRows.push(...await measureTraining([256, 1024], { n: 16, steps: onCpu ? 5 : 20 }));
}

console.log('Empirical NTK, depth-2 ReLU MLP, inputs on the unit circle (median ms; speed-up = generic / structured)');
console.log(formatNtkTable(ntkRows));
console.log('\nFull-batch gradient descent, depth 2, N = 16 (step time ratio against width 256)');
console.log(formatTrainTable(trainRows));
