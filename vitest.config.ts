import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

/** System Chromium from Debian; nothing is downloaded (see README). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  test: {
    projects: [
      {
        // Node: numerical core, network engine (cpu + wasm), markdown pipeline, URL parsing.
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/core/**/*.test.ts', 'tests/nn/**/*.test.ts', 'tests/markdown/**/*.test.ts', 'tests/ui/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts'],
          testTimeout: 120_000,
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      },
      {
        // Real Chromium: widgets mount and draw, the engine on wasm/webgl.
        extends: true,
        // Pre-bundle tfjs up front: discovered late (inside a worker), Vite re-optimizes and reloads mid-test,
        // and the worker can end up with two copies of tfjs-core.
        optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
        test: {
          name: 'browser',
          include: ['tests/widgets/**/*.browser.test.ts', 'tests/nn/**/*.browser.test.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // The production build served on 127.0.0.1, driven by Playwright.
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
