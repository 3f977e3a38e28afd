/**
 * The hero's training in its worker (experiment `hero`), on the shared paced
 * driver (../shared/training-driver.ts). What is the hero's own:
 *
 * - Pacing: k = stepsPerRequest(t) steps per request, one step at a time
 *   early on, when the function changes fastest, then about 2.5% of t per
 *   request, and at most one request every other animation frame, so the
 *   whole run takes several seconds to watch instead of a blur, and heavy
 *   networks simply go as fast as the worker can.
 * - Sessions: reset bumps the restart counter; a parameter change keeps it,
 *   and snapshots are recognized by the parameters they echo (width, depth,
 *   seed, restart counter), so an old session's last frame never decides anything.
 * - A run ends at its last step or when it diverges; "step" trains STEPS_PER_PRESS steps.
 */
import type { HeroData } from '../../nn/experiments/hero';
import type { ExperimentError } from '../../nn/worker/client';
import type { TransportState } from '../../ui/transport';
import { createPacedDriver, nextFrame, type PacedDriver } from '../shared/training-driver';

/** Parameters the widget sends to the `hero` experiment (the rest keep the experiment's defaults; the driver adds `restart`). */
export interface HeroRunParams {
  width: number;
  depth: number;
  seed: number;
}

/** Steps per request at step t: 1 until t = 40, then t / 40 (rounded up). */
export function stepsPerRequest(t: number): number {
  return Math.max(1, Math.ceil(t / 40));
}

/** Steps one press of "step" trains. */
export const STEPS_PER_PRESS = 10;

export interface HeroDriverCallbacks {
  /** New data of the current session (drawn by the widget). */
  onData(data: HeroData): void;
  /** The transport state changed. */
  onState(state: TransportState): void;
  /** Worker ready (backend name) or compute speed (ms per step) changed. */
  onInfo(info: { backend: string; msPerStep: number | null }): void;
  onError(error: ExperimentError): void;
}

export type HeroDriver = PacedDriver<HeroRunParams, HeroData>;

export function createHeroDriver(initial: HeroRunParams, callbacks: HeroDriverCallbacks): HeroDriver {
  return createPacedDriver<HeroRunParams, HeroData>({
    experiment: 'hero',
    outcome: (d) => (d.diverged !== null ? 'diverged' : d.step >= d.totalSteps ? 'done' : null),
    stepsPerRequest: (d) => stepsPerRequest(d.step),
    stepsPerPress: () => STEPS_PER_PRESS,
    belongs: (d, p) => d.width === p.width && d.depth === p.depth && d.seed === p.seed,
    countParamChanges: false,
    resetPlays: false,
    // Draw at most every other frame (~30 per second): half the rendering and rasterizing
    // work on the main thread for a picture that changes smoothly anyway.
    pace: nextFrame,
  }, { width: initial.width, depth: initial.depth, seed: initial.seed }, {
    onData: callbacks.onData,
    onState: callbacks.onState,
    onInfo: (info) => callbacks.onInfo({ backend: info.backend, msPerStep: info.unitsPerSecond === null ? null : 1000 / info.unitsPerSecond }),
    onError: callbacks.onError,
  });
}
