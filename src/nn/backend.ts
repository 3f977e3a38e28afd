/**
 * Choosing and starting the TensorFlow.js backend (DESIGN.md "Compute").
 *
 * - Default: wasm (XNNPACK, SIMD when available), single-threaded. It is the
 *   fastest backend measured here for the small dense networks of the article
 *   (about 30x faster than cpu for a 64x1024 by 1024x1024 matMul in Node).
 * - webgl: only when asked for, or when the model is large (`largeModel`) and
 *   the browser exposes a hardware GPU (not SwiftShader / llvmpipe).
 * - cpu: the fallback when nothing else initializes.
 *
 * Browser vs Node: in the browser the wasm backend must be told where its
 * three `.wasm` binaries live (`setWasmPaths` with Vite `?url` imports); that
 * lives in `backend-wasm-paths.ts`, loaded by a dynamic import only in a
 * browser so that Node (vitest, tsx) never sees a `?url` import. In Node the
 * backend finds the binaries next to its own module file.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu' | 'webgl';

export interface InitBackendOptions {
  /**
   * Number of trainable parameters of the largest model the caller will run.
   * With no preferred backend, webgl is chosen when this exceeds
   * `LARGE_MODEL_PARAMETERS` and a hardware GPU is present.
   */
  modelParameters?: number;
}

/** Above this many parameters a hardware GPU beats wasm (about two 1024-wide hidden layers). */
export const LARGE_MODEL_PARAMETERS = 1_000_000;

/** True in a window or a worker; false in Node (vitest unit project, tsx). */
export function isBrowser(): boolean {
  const g = globalThis as { window?: unknown; WorkerGlobalScope?: unknown; document?: unknown };
  return g.window !== undefined || g.WorkerGlobalScope !== undefined || g.document !== undefined;
}

let wasmPathsSet = false;

async function prepareWasm(): Promise<void> {
  // Threaded wasm fails when the page is cross-origin isolated under Vite
  // (DESIGN.md traps); one thread per widget worker is what we want anyway.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (isBrowser() && !wasmPathsSet) {
    const { setBrowserWasmPaths } = await import('./backend-wasm-paths');
    setBrowserWasmPaths();
    wasmPathsSet = true;
  }
}

/**
 * Does this browser expose a hardware GPU through WebGL? Software renderers
 * (SwiftShader in headless Chromium, llvmpipe) do not count: they are slower
 * than wasm for our sizes.
 */
export function hasHardwareGpu(): boolean {
  if (!isBrowser()) return false;
  try {
    const g = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas; document?: Document };
    const canvas: OffscreenCanvas | HTMLCanvasElement | undefined = g.OffscreenCanvas
      ? new g.OffscreenCanvas(1, 1)
      : g.document?.createElement('canvas');
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | null | undefined;
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|software|basic render/i.test(renderer);
  } catch {
    return false;
  }
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'wasm') await prepareWasm();
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    if (name === 'cpu') silenceNodeCpuNotice();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * tfjs prints a banner suggesting tfjs-node on the first cpu tensor in Node.
 * We use cpu only as a fallback and for comparison, so mark it as shown.
 */
function silenceNodeCpuNotice(): void {
  const backend = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (backend && 'firstUse' in backend) backend.firstUse = false;
}

/**
 * Start a backend and return its name (widgets show it in their footer).
 * Order tried: the preferred backend; else webgl for large models on a
 * hardware GPU; else wasm; then cpu. Never throws: cpu always works.
 */
export async function initBackend(preferred?: BackendName, options: InitBackendOptions = {}): Promise<BackendName> {
  const order: BackendName[] = [];
  if (preferred) order.push(preferred);
  else if ((options.modelParameters ?? 0) > LARGE_MODEL_PARAMETERS && hasHardwareGpu()) order.push('webgl');
  for (const name of ['wasm', 'cpu'] as const) if (!order.includes(name)) order.push(name);
  for (const name of order) {
    if (tf.getBackend() === name) return name;
    if (await trySetBackend(name)) return name;
  }
  throw new Error('no TensorFlow.js backend could be initialized');
}

/** The backend in use right now ('' before any tensor or initBackend). */
export function currentBackend(): string {
  return tf.getBackend() ?? '';
}
