/**
 * Messages between a widget (main thread) and its experiment worker.
 * Every message is structured-cloneable plain data.
 *
 * Flow control: the worker posts a snapshot only when it holds a "frame
 * credit". The client spends the credit by drawing the snapshot in an
 * animation frame and then returns it with `frame-done`; so at most one
 * snapshot is in flight and at most one is drawn per animation frame, however
 * fast the worker computes. Snapshots that mark the end of a run (`final`)
 * are always sent; the client coalesces them with any pending one.
 */
import type { ParamValue } from '../../ui/params';
import type { BackendName } from '../backend';

export type ParamPatch = Readonly<Record<string, ParamValue>>;

/** Main thread -> worker. */
export type ClientMessage =
  /** Create the session (restarting any previous one). */
  | { type: 'init'; experiment: string; params: ParamPatch; backend?: BackendName }
  /** Compute `units` more units of work (undefined: until the session finishes). */
  | { type: 'run'; units?: number }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Post a snapshot now, credit or not. */
  | { type: 'snapshot' }
  /** Change parameters: live ones in place, others restart the session (paused, at unit 0). */
  | { type: 'set-params'; params: ParamPatch }
  /** The last snapshot was drawn: the worker may send the next. */
  | { type: 'frame-done' }
  /** Ask for tfjs memory counters (for leak tests and the footer). */
  | { type: 'memory'; requestId: number }
  /** Free the session and every tensor; the worker answers `disposed` and may then be terminated. */
  | { type: 'dispose' };

export type RunState = 'idle' | 'running' | 'paused' | 'done';

/** Worker -> main thread. */
export type WorkerMessage =
  /** Session created: backend in use, resolved parameters and notices about clamped ones. */
  | { type: 'ready'; experiment: string; backend: string; params: ParamPatch; notices: string[]; totalUnits: number }
  | { type: 'snapshot'; seq: number; unitsDone: number; totalUnits: number; final: boolean; data: unknown }
  | { type: 'progress'; unitsDone: number; totalUnits: number; unitsPerSecond: number }
  | { type: 'state'; state: RunState }
  | { type: 'memory'; requestId: number; numTensors: number; numBytes: number; backend: string }
  /** Anything thrown in the worker; `fatal` means the session is gone. */
  | { type: 'error'; message: string; stack?: string; fatal: boolean }
  | { type: 'disposed' };

/** The two ends the host and the client talk through (a Worker, a MessagePort, or an in-process pair). */
export interface MessageEndpoint<In, Out> {
  post(message: Out): void;
  /** Install the single receiver of incoming messages. */
  listen(receiver: (message: In) => void): void;
}
