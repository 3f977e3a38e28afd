/**
 * kernel-drift widget: what it asks the experiment for (fixed settings plus
 * the reader's parameters) and what it reports (snapshot(), read by tests
 * and the e2e suite). Pure data, no drawing.
 */
import type { WidgetInstance } from '../contract';
import type { MemoryInfo } from '../../nn/worker/client';
import type { HeatmapsState } from './heatmaps';
import type { StepsPanelResult } from './steps-panel';
import type { KernelWidthView, LayerWidthView } from './width-panels';
import type { KernelDriftWidgetParams } from './schema';

/** Measurements per network (the x resolution of panels a and c). */
export const SAMPLES = 20;
/** Heatmap grid inputs. */
export const GRID_POINTS = 24;
/** Training points N of the running example. */
export const TRAIN_POINTS = 16;

/** The experiment's parameters for the widget's state (heatmapWidth is display only). */
export function experimentParams(p: KernelDriftWidgetParams) {
  return {
    widths: [...p.widths], depth: p.depth, activation: p.activation, weightVariance: 2, biasVariance: 0.1,
    steps: p.steps, learningRateFraction: p.learningRate, points: TRAIN_POINTS, seeds: p.networks,
    samples: SAMPLES, gridPoints: GRID_POINTS, embedding: 'circle', seed: p.seed,
  };
}

export interface KernelDriftSnapshot {
  params: KernelDriftWidgetParams;
  backend: string;
  state: string;
  unitsDone: number;
  totalUnits: number;
  /** Widths the worker's current run trains (only the missing ones after a change of widths). */
  runWidths: number[];
  /** Widths finished with the current settings and kept for reuse. */
  cachedWidths: number[];
  /** Widths of the drawn run, how many have finished, the one training now. */
  widths: number[];
  widthsDone: number;
  training: { width: number; seed: number; step: number } | null;
  learningRate: number | null;
  maxLearningRate: number | null;
  /** (c): mean final kernel change per finished width, the fitted power law and the guides. */
  kernelChange: KernelWidthView;
  /** Fitted log-log slope of the final kernel change against width (null before two widths finish). */
  slope: number | null;
  /** (a), (b): mean curves over steps per width. */
  kernelChangeOverSteps: StepsPanelResult['means'];
  analyticDistanceOverSteps: StepsPanelResult['means'];
  /** (d). */
  layerWeights: LayerWidthView;
  /** (e) and its matrices (null before recorded). */
  heatmaps: HeatmapsState & { initial: number[][] | null; final: number[][] | null; analytic: number[][] };
  diverged: { width: number; seed: number; step: number }[];
  /** Worker compute time per width so far (ms), pauses excluded. */
  widthMs: { width: number; ms: number; finished: number }[];
  readout: string[];
  draws: number;
  maxDrawMs: number;
  /** Longest draw of each stage (ms), one panel per stage. */
  panelMs: Record<'a' | 'b' | 'c' | 'd' | 'e', number>;
}

/** The instance plus the tfjs memory counters of its worker (leak tests). */
export interface KernelDriftInstance extends WidgetInstance<KernelDriftWidgetParams> {
  workerMemory(): Promise<MemoryInfo>;
}

export const PANEL_TITLES = [
  '(a) How far the kernel moves during training',
  '(b) Distance to the infinite-width kernel',
  '(c) Kernel change after training, against width',
  '(d) How far each layer’s weights move',
  '(e) The kernel before and after training, and at infinite width',
];

