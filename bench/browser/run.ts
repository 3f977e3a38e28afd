/**
 * Chromium bench of the network engine (`npm run bench:browser`;
 * `-- --quick` for fewer sizes, `-- --backends wasm` for one backend).
 * Serves bench/browser/ with Vite on 127.0.0.1, opens it in the system
 * Chromium through Playwright (nothing downloaded; Playwright gives the
 * browser a fresh temporary profile), waits for the page's
 * measurements and prints the same tables as the Node bench.
 * Note: headless Chromium here renders WebGL with SwiftShader (software), so
 * webgl numbers say nothing about a real GPU.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { formatNtkTable, formatTrainTable } from '../nn-measure';
import type { BrowserBenchResult } from './main';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const backendsArg = args.indexOf('--backends') >= 0 ? args[args.indexOf('--backends') + 1] : 'wasm,webgl';
const root = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const server = await createServer({
  configFile: false,
  root,
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [projectRoot] } },
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
});
await server.listen();
const address = server.httpServer?.address();
const port = typeof address === 'object' && address ? address.port : 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--no-first-run', '--disable-component-update',
    '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
let exitCode = 0;
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error(`[page] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`http://127.0.0.1:${port}/index.html?backends=${backendsArg}${quick ? '&quick=1' : ''}`);
  await page.waitForFunction(() => (window as { __nnBench?: unknown }).__nnBench !== undefined, undefined, { timeout: 30 * 60_000, polling: 500 });
  const result = await page.evaluate(() => (window as { __nnBench?: unknown }).__nnBench) as BrowserBenchResult;
  if (result.error) { console.error(`bench failed in the page: ${result.error}`); exitCode = 1; }
  console.log(`Chromium: ${result.userAgent}`);
  console.log(`hardware GPU: ${result.hardwareGpu ? 'yes' : 'no (WebGL through a software renderer)'}`);
  for (const s of result.skipped) console.log(`skipped: ${s}`);
  console.log('\nEmpirical NTK, depth-2 ReLU MLP (median ms; speed-up = generic / structured)');
  console.log(formatNtkTable(result.ntk));
  console.log('\nFull-batch gradient descent, depth 2, N = 16 (step time ratio against width 256)');
  console.log(formatTrainTable(result.training));
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = exitCode;
