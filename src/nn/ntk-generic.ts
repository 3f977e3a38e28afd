import * as tf from '@tensorflow/tfjs';

/**
 * Per-example Jacobian of a scalar-output model, one matrix per variable:
 * J_v[i, :] = d f(x_i) / d v (flattened), shape N x size(v).
 * Loops over the rows of X with tf.variableGrads; variables that f does not
 * use get zero rows.
 */
export function perExampleJacobian(
  f: (x: tf.Tensor2D) => tf.Tensor,
  vars: tf.Variable[],
  x: tf.Tensor2D,
): tf.Tensor2D[] {
  const [n, d] = x.shape;
  const rows: tf.Tensor1D[][] = vars.map(() => []);
  for (let i = 0; i < n; i++) {
    const grads = tf.tidy(() => {
      const xi = tf.slice(x, [i, 0], [1, d]);
      const { value, grads } = tf.variableGrads(() => tf.sum(f(xi)) as tf.Scalar, vars);
      value.dispose();
      return vars.map((v) => tf.reshape(grads[v.name] ?? tf.zerosLike(v), [-1]) as tf.Tensor1D);
    });
    grads.forEach((g, k) => rows[k].push(g));
  }
  return rows.map((r) => {
    const j = tf.stack(r) as tf.Tensor2D;
    tf.dispose(r);
    return j;
  });
}

/**
 * Empirical NTK by Jacobian contraction (Lee et al. 2019):
 * Theta(X1, X2) = sum_v J_v(X1) J_v(X2)^T, for any tfjs model given as a
 * function of its variables. The reference the structured MLP kernel is
 * tested against; memory O(N P). x2 defaults to x1.
 */
export function ntkGeneric(
  f: (x: tf.Tensor2D) => tf.Tensor,
  vars: tf.Variable[],
  x1: tf.Tensor2D,
  x2?: tf.Tensor2D,
): tf.Tensor2D {
  const j1 = perExampleJacobian(f, vars, x1);
  const j2 = x2 === undefined || x2 === x1 ? j1 : perExampleJacobian(f, vars, x2);
  const theta = tf.tidy(() =>
    j1.map((a, k) => tf.matMul(a, tf.transpose(j2[k]))).reduce((sum, t) => tf.add(sum, t)),
  );
  tf.dispose(j1);
  if (j2 !== j1) tf.dispose(j2);
  return theta as tf.Tensor2D;
}

/** Empirical NTK of a scalar-output tf.LayersModel over its trainable weights (see ntkGeneric). */
export function ntkGenericModel(model: tf.LayersModel, x1: tf.Tensor2D, x2?: tf.Tensor2D): tf.Tensor2D {
  const vars = model.trainableWeights.map((w) => {
    const v = w.read();
    if (!(v instanceof tf.Variable)) throw new TypeError(`weight ${w.name} is not backed by a tf.Variable`);
    return v;
  });
  return ntkGeneric((x) => model.apply(x) as tf.Tensor, vars, x1, x2);
}
