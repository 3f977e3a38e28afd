/// <reference lib="webworker" />
/**
 * Web Worker entry: one experiment host per worker (one worker per widget).
 * Create it from the main thread with
 *   new Worker(new URL('./experiment-worker.ts', import.meta.url), { type: 'module' })
 * (createExperimentClient does this). Uncaught errors become `error` messages.
 */
import { createExperimentHost } from './host';
import type { ClientMessage, WorkerMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerMessage) => scope.postMessage(m);

createExperimentHost({
  post,
  listen: (receiver) => { scope.onmessage = (event: MessageEvent<ClientMessage>) => receiver(event.data); },
});

scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  const e = event.reason instanceof Error ? event.reason : new Error(String(event.reason));
  post({ type: 'error', message: e.message, stack: e.stack, fatal: false });
});
scope.addEventListener('error', (event: ErrorEvent) => {
  post({ type: 'error', message: event.message, stack: (event.error as Error | undefined)?.stack, fatal: false });
});
