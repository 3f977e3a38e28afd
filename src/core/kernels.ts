/**
 * Analytic NNGP and NTK of a deep fully-connected network (Lee et al. 2018,
 * arXiv 1711.00165; Jacot et al. 2018, arXiv 1806.07572; Lee et al. 2019,
 * arXiv 1902.06720): fold the layer list of architecture.ts through the kernel
 * transforms of kernel-layers.ts.
 */
import { describeNetwork, type Architecture } from './architecture';
import { activationKernel, denseKernel, type KernelOptions } from './kernel-layers';
import { inputState, mirror, type KernelState } from './kernel-state';
import type { Dense } from './matrix';
import type { NetworkSpec } from './types';

/** NNGP and NTK blocks as dense matrices. */
export interface DenseKernels {
  readonly nngp: Dense;
  readonly ntk: Dense;
}

/** True when two dense matrices hold the same numbers. */
export function sameInputs(a: Dense, b: Dense): boolean {
  if (a === b) return true;
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let k = 0; k < a.data.length; k++) if (a.data[k] !== b.data[k]) return false;
  return true;
}

function output(state: KernelState): DenseKernels {
  if (state.symmetric) {
    mirror(state.nngp, state.rows);
    mirror(state.ntk, state.rows);
  }
  return {
    nngp: { rows: state.rows, cols: state.cols, data: state.nngp },
    ntk: { rows: state.rows, cols: state.cols, data: state.ntk },
  };
}

/** Run the kernel recursion of an architecture between the rows of x1 and x2. */
export function runKernelRecursion(
  architecture: Architecture,
  x1: Dense,
  x2: Dense,
  options: KernelOptions = {},
): DenseKernels {
  let state = inputState(x1, x2, sameInputs(x1, x2));
  for (const layer of architecture.layers) {
    state = layer.kind === 'dense' ? denseKernel(state, layer, true) : activationKernel(state, layer, options);
  }
  return output(state);
}

/** K^{L+1} and Theta^{L+1} between the rows of x1 and of x2 (dense in, dense out). */
export function analyticKernelsDense(x1: Dense, x2: Dense, spec: NetworkSpec, options: KernelOptions = {}): DenseKernels {
  if (x1.cols !== x2.cols) throw new Error(`analyticKernels: x1 has ${x1.cols} columns, x2 has ${x2.cols}`);
  return runKernelRecursion(describeNetwork(spec, Math.max(x1.cols, 1)), x1, x2, options);
}

/**
 * The output kernels of the networks of depth 0, 1, ..., spec.depth in one pass
 * (the read-out applied after every hidden layer): entry l is what
 * analyticKernelsDense gives with depth l.
 */
export function analyticKernelsOverDepthDense(x1: Dense, x2: Dense, spec: NetworkSpec, options: KernelOptions = {}): DenseKernels[] {
  const architecture = describeNetwork(spec, Math.max(x1.cols, 1));
  const layers = architecture.layers;
  const readout = layers[layers.length - 1];
  if (readout.kind !== 'dense') throw new Error('architecture must end with a dense read-out');
  const symmetric = sameInputs(x1, x2);
  let state = inputState(x1, x2, symmetric);
  const outputs: DenseKernels[] = [output(denseKernel(state, { ...readout, fanIn: architecture.inputDim }))];
  for (let k = 0; k + 1 < layers.length; k++) {
    const layer = layers[k];
    state = layer.kind === 'dense' ? denseKernel(state, layer, true) : activationKernel(state, layer, options);
    if (layer.kind === 'activation') outputs.push(output(denseKernel(state, readout)));
  }
  return outputs;
}
