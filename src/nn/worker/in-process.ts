/**
 * An experiment host in the same thread, behind the same message interface as
 * a Web Worker: for Node (tests, scripts) where there are no module workers.
 * Messages are deep-copied with structuredClone and delivered asynchronously,
 * like postMessage, so protocol bugs show up the same way.
 */
import { createExperimentHost, type HostOptions } from './host';
import type { ClientMessage, MessageEndpoint, WorkerMessage } from './protocol';
import type { ClientEndpoint } from './client';

function channel<T>(): { post(m: T): void; listen(r: (m: T) => void): void; close(): void } {
  let receiver: ((m: T) => void) | null = null;
  let closed = false;
  return {
    post(m: T) {
      if (closed) return;
      const copy = structuredClone(m);
      setTimeout(() => { if (!closed) receiver?.(copy); }, 0);
    },
    listen(r) { receiver = r; },
    close() { closed = true; receiver = null; },
  };
}

/** A client endpoint wired to a host running in this thread. */
export function createInProcessEndpoint(options?: HostOptions): ClientEndpoint {
  const toHost = channel<ClientMessage>();
  const toClient = channel<WorkerMessage>();
  const hostEnd: MessageEndpoint<ClientMessage, WorkerMessage> = { post: (m) => toClient.post(m), listen: (r) => toHost.listen(r) };
  createExperimentHost(hostEnd, options);
  return {
    post: (m) => toHost.post(m),
    listen: (r) => toClient.listen(r),
    terminate() { toHost.close(); toClient.close(); },
  };
}
