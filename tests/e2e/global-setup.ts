/**
 * e2e global setup: build the site with Vite (programmatically), serve dist/
 * with `vite preview` on 127.0.0.1 at a free port, hand the URL to the tests
 * (`inject('baseUrl')`), and close the server at the end.
 * The build goes to its own folder (node_modules/.e2e-dist), so a `vite build`
 * run by hand meanwhile cannot swap files under the running tests.
 * E2E_SKIP_BUILD=1 reuses an existing build (quicker while iterating).
 */
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT/ — the built site. */
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Ask the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configFile = `${root}vite.config.ts`;
  const outDir = `${root}node_modules/.e2e-dist`;
  if (!(process.env.E2E_SKIP_BUILD && existsSync(`${outDir}/index.html`))) {
    // Vitest sets NODE_ENV=test, which would make Vite build with import.meta.env.DEV = true.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root, configFile, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  const port = await freePort();
  const server = await preview({ root, configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false }, build: { outDir } });
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
  return async () => {
    await server.close();
  };
}
