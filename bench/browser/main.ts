/**
 * Bench page (served by bench/browser/run.ts): the Node measurements of
 * bench/nn-measure.ts, run on the backends given in the query string
 * (?backends=wasm,webgl&quick=1). Results land in `window.__nnBench`.
 */
import { hasHardwareGpu, initBackend, type BackendName } from '../../src/nn/backend';
import { measureNtk, measureTraining, type NtkTiming, type TrainTiming } from '../nn-measure';

export interface BrowserBenchResult {
  userAgent: string;
  hardwareGpu: boolean;
  ntk: NtkTiming[];
  training: TrainTiming[];
  skipped: string[];
  error?: string;
}

declare global {
  interface Window { __nnBench?: BrowserBenchResult }
}

const log = document.getElementById('log')!;
const say = (line: string) => { log.textContent += `\n${line}`; console.log(line); };

async function main(): Promise<BrowserBenchResult> {
  const query = new URLSearchParams(location.search);
  const backends = (query.get('backends') ?? 'wasm,webgl').split(',') as BackendName[];
  const quick = query.get('quick') === '1';
  const widths = quick ? [64, 256, 1024] : [64, 128, 256, 512, 1024, 2048];
  const ns = quick ? [64] : [32, 64];
  const result: BrowserBenchResult = { userAgent: navigator.userAgent, hardwareGpu: hasHardwareGpu(), ntk: [], training: [], skipped: [] };
  for (const requested of backends) {
    const backend = await initBackend(requested);
    if (backend !== requested) { result.skipped.push(`${requested} unavailable (got ${backend})`); continue; }
    say(`[${backend}] NTK timings`);
    const webgl = backend === 'webgl';
    result.ntk.push(...await measureNtk(
      { widths, ns, depth: 2, repeats: webgl ? 3 : 5, genericMaxWidth: webgl ? 512 : 2048 },
      (r) => say(`  N=${r.n} width=${r.width}: structured ${r.structuredMs.toFixed(2)} ms, generic ${r.genericMs?.toFixed(1) ?? 'skipped'}`),
    ));
    say(`[${backend}] training`);
    result.training.push(...await measureTraining([256, 1024], { n: 16, steps: 20 }));
  }
  return result;
}

main().then((r) => { window.__nnBench = r; say('done'); }).catch((error: unknown) => {
  window.__nnBench = { userAgent: navigator.userAgent, hardwareGpu: false, ntk: [], training: [], skipped: [], error: String(error) };
  say(`error: ${String(error)}`);
});
