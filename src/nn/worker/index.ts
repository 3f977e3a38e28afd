/**
 * Experiments in Web Workers: the typed protocol, the main-thread client and
 * the host that runs inside the worker (or in-process in Node).
 * Widgets import only the client (no TensorFlow.js on the main thread).
 */
export type { ClientMessage, WorkerMessage, RunState, ParamPatch, MessageEndpoint } from './protocol';
export {
  createExperimentClient, ExperimentError,
  type ExperimentClient, type ExperimentClientOptions, type ClientEndpoint,
  type ReadyInfo, type SnapshotInfo, type ProgressInfo, type MemoryInfo,
} from './client';
