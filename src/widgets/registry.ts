/**
 * Lazy loaders: name -> dynamic import of the widget's mount module. Nothing
 * heavy (d3 charts, TensorFlow.js) is fetched before a figure needs it.
 */
import type { WidgetModule } from './contract';

export const widgetLoaders: Readonly<Record<string, () => Promise<WidgetModule>>> = {
  'kernel-recursion': () => import('./kernel-recursion/mount') as Promise<unknown> as Promise<WidgetModule>,
  'phase-diagram': () => import('./phase-diagram/mount') as Promise<unknown> as Promise<WidgetModule>,
  'gp-posterior': () => import('./gp-posterior/mount') as Promise<unknown> as Promise<WidgetModule>,
  hero: () => import('./hero/mount') as Promise<unknown> as Promise<WidgetModule>,
  'ntk-convergence': () => import('./ntk-convergence/mount') as Promise<unknown> as Promise<WidgetModule>,
  'linearized-training': () => import('./linearized-training/mount') as Promise<unknown> as Promise<WidgetModule>,
  'prior-samples': () => import('./prior-samples/mount') as Promise<unknown> as Promise<WidgetModule>,
  'ensemble-posterior': () => import('./ensemble-posterior/mount') as Promise<unknown> as Promise<WidgetModule>,
  'kernel-drift': () => import('./kernel-drift/mount') as Promise<unknown> as Promise<WidgetModule>,
  'spectral-bias': () => import('./spectral-bias/mount') as Promise<unknown> as Promise<WidgetModule>,
};
