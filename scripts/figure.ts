/**
 * Reproduce a figure's data headless:
 *   npm run figure -- ntk-convergence --widths 32,128,512,2048 --seeds 8
 *   npm run figure -- kernel-drift --steps 300 --json > drift.json
 *   npm run figure -- --help
 * Prints a readable table by default and JSON with --json; progress goes to stderr.
 */
import { currentBackend, initBackend } from '../src/nn/backend';
import { cliParams, formatSummary, parseArgv, usage } from '../src/nn/experiments/cli';
import { ParamError } from '../src/nn/experiments/params';
import { experiments, findExperiment } from '../src/nn/experiments/registry';
import { runExperiment } from '../src/nn/experiments/run';

async function main(argv: string[]): Promise<number> {
  const req = parseArgv(argv);
  if (req.name === null) {
    (req.help ? console.log : console.error)(usage(experiments));
    return req.help ? 0 : 2;
  }
  const experiment = findExperiment(req.name);
  if (!experiment) {
    console.error(`unknown experiment "${req.name}"; available: ${Object.keys(experiments).join(', ')}`);
    return 2;
  }
  if (req.help) { console.log(usage(experiments, experiment)); return 0; }
  const params = cliParams(experiment, req.pairs);
  const backend = await initBackend(req.backend, { modelParameters: experiment.modelParameters?.(params) });
  if (req.backend && backend !== req.backend) console.error(`backend ${req.backend} unavailable; using ${backend}`);
  const t0 = performance.now();
  const data = await runExperiment(experiment, params, req.quiet ? undefined : (p) => {
    process.stderr.write(`\r${experiment.name}: ${p.unitsDone}/${p.totalUnits} units, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }, { progressIntervalMs: 250 });
  if (!req.quiet) process.stderr.write('\n');
  if (req.json) console.log(JSON.stringify({ experiment: experiment.name, backend: currentBackend(), params, data }, null, 2));
  else console.log(formatSummary(experiment.name, currentBackend(), experiment.summarize(data)));
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }).catch((error: unknown) => {
  if (error instanceof ParamError || error instanceof RangeError) console.error(error.message);
  else console.error(error);
  process.exitCode = error instanceof ParamError ? 2 : 1;
});
