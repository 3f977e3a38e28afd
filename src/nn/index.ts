/**
 * TensorFlow.js network engine: MLPs in NTK and standard parameterization,
 * training with an explicit backward pass, empirical NTKs (structured and
 * generic), the linearized network and measurements along training.
 */
export type { MlpSpec, MlpActivation, Parameterization } from './spec';
export { layerSizes, layerScales, validateSpec } from './spec';
export type { Mlp } from './mlp';
export { createMlp } from './mlp';
export { drawInitialParameters } from './seeded-init';
export { ntkStructured } from './ntk-structured';
export { ntkGeneric, ntkGenericModel, perExampleJacobian } from './ntk-generic';
export { lossGradients, type LossGradients } from './backward';
export { jacobianVectorProduct } from './jvp';
export { createBatchSampler } from './batches';
export { createTrainer, type Trainer, type TrainerOptions, type StepReport } from './train';
export { createLinearized, type LinearizedModel } from './linearized';
export { createPathKernelAccumulator, type PathKernelAccumulator } from './path-kernel';
export { createWeightTracker, type WeightTracker } from './weight-change';
export { relativeFrobenius, relativeFrobeniusArrays, halfMse } from './measurements';
