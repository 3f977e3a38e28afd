/**
 * Experiment plumbing without heavy compute: power-law fits, parameter
 * resolution (clamp for widgets, strict for the CLI), argv parsing, tables,
 * and the figure CLI end to end on a tiny run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliParams, formatTable, parseArgv, usage } from '../../src/nn/experiments/cli';
import { fitPowerLaw, meanAndStd } from '../../src/nn/experiments/fit';
import { ParamError, parseStrictParams, resolveParams } from '../../src/nn/experiments/params';
import { experiments } from '../../src/nn/experiments/registry';
import { runExperiment } from '../../src/nn/experiments/run';
import { ntkConvergence, ntkConvergenceSchema } from '../../src/nn/experiments/ntk-convergence';
import { kernelDriftSchema } from '../../src/nn/experiments/kernel-drift';

const run = promisify(execFile);

describe('power-law fit', () => {
  it('recovers exponent and constant of y = 3 x^-0.5 exactly, and a noisy slope within 0.02', () => {
    const xs = [32, 64, 128, 256, 512, 1024];
    const fit = fitPowerLaw(xs, xs.map((x) => 3 * x ** -0.5))!;
    expect(fit.slope).toBeCloseTo(-0.5, 12);
    expect(Math.exp(fit.intercept)).toBeCloseTo(3, 10);
    expect(fit.r2).toBeCloseTo(1, 12);
    const noisy = fitPowerLaw(xs, xs.map((x, i) => 2 * x ** -0.75 * (1 + 0.03 * (i % 2 ? 1 : -1))))!;
    expect(Math.abs(noisy.slope + 0.75)).toBeLessThan(0.02);
  });

  it('skips null, zero and non-finite points; needs two usable points', () => {
    expect(fitPowerLaw([1, 2, 4], [null, 0, 1])).toBeNull();
    const fit = fitPowerLaw([1, 2, 4, 8], [1, null, NaN, 1 / 8])!;
    expect(fit.points).toBe(2);
    expect(fit.slope).toBeCloseTo(-1, 12);
    expect(meanAndStd([1, 2, 3, NaN])).toEqual({ mean: 2, std: 1 });
  });
});

describe('experiment parameters', () => {
  it('resolveParams clamps bad values with a notice and reports unknown names (never throws)', () => {
    const { values, notices } = resolveParams(ntkConvergenceSchema, { seeds: 1000, depth: 2, colour: 'red' });
    expect(values.seeds).toBe(64);
    expect(values.depth).toBe(2);
    expect(values.widths).toEqual([32, 64, 128, 256, 512, 1024, 2048, 4096]);
    expect(notices).toEqual(['seeds: 1000 is outside [1, 64]; using 64', 'unknown parameter "colour" ignored']);
  });

  it('strict CLI parsing: unknown names suggest the closest and list every valid parameter', () => {
    expect(() => parseStrictParams(kernelDriftSchema, [['sedes', '3']])).toThrow(ParamError);
    try {
      parseStrictParams(kernelDriftSchema, [['sedes', '3']]);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('unknown parameter --sedes (did you mean --seeds?)');
      for (const name of Object.keys(kernelDriftSchema)) expect(message).toContain(`--${name} <`);
    }
    expect(() => parseStrictParams(kernelDriftSchema, [['steps', '0']])).toThrow(/--steps: 0 is outside \[1, 20000\]/);
    expect(() => parseStrictParams(kernelDriftSchema, [['activation', 'sigmoid']])).toThrow(/not one of relu, erf, tanh/);
    expect(() => parseStrictParams(kernelDriftSchema, [['widths', '64,abc']])).toThrow(/"abc" is not a number/);
    expect(parseStrictParams(kernelDriftSchema, [['widths', '64,256'], ['steps', '10']])).toMatchObject({ widths: [64, 256], steps: 10, depth: 2 });
  });

  it('runExperiment refuses out-of-range values instead of silently clamping a figure', async () => {
    await expect(runExperiment(ntkConvergence, { seeds: 0 })).rejects.toThrow(/seeds: 0 is outside \[1, 64\]/);
  });
});

describe('figure CLI', () => {
  it('parses argv: name, --k v, --k=v, flags, backend', () => {
    expect(parseArgv(['kernel-drift', '--steps', '10', '--widths=64,128', '--json', '--backend', 'cpu'])).toEqual({
      name: 'kernel-drift', json: true, help: false, quiet: false, backend: 'cpu', pairs: [['steps', '10'], ['widths', '64,128']],
    });
    expect(parseArgv(['--help']).help).toBe(true);
    expect(() => parseArgv(['a', 'b'])).toThrow(/unexpected argument "b"/);
    expect(() => parseArgv(['a', '--backend', 'tpu'])).toThrow(/--backend must be wasm, cpu or webgl/);
    expect(() => cliParams(experiments['kernel-drift'], [['nope', '1']])).toThrow(/^kernel-drift: unknown parameter --nope/);
  });

  it('usage lists every experiment with its parameters; tables align numbers', () => {
    const text = usage(experiments);
    for (const name of ['ntk-convergence', 'kernel-drift', 'train-mlp']) expect(text).toContain(`${name}: `);
    expect(text).toContain('--learningRateFraction <float in [0.01, 1.5]>');
    expect(formatTable({ columns: ['width', 'error'], rows: [[32, 0.123456], [4096, NaN]] })).toBe(
      'width   error\n-----  ------\n   32  0.1235\n 4096       -',
    );
  });

  it('runs an experiment headless and prints JSON; bad parameters exit with code 2 and the valid list', async () => {
    const args = ['tsx', 'scripts/figure.ts', 'ntk-convergence', '--widths', '16,256', '--seeds', '2', '--points', '4', '--depth', '1', '--json', '--quiet'];
    const { stdout } = await run('npx', args, { cwd: process.cwd(), timeout: 60_000 });
    const out = JSON.parse(stdout) as { experiment: string; backend: string; data: { widths: number[]; errors: number[][]; meanError: number[] } };
    expect(out.experiment).toBe('ntk-convergence');
    expect(out.backend).toBe('wasm');
    expect(out.data.widths).toEqual([16, 256]);
    expect(out.data.errors.map((e) => e.length)).toEqual([2, 2]);
    expect(out.data.meanError[1]).toBeLessThan(out.data.meanError[0]);

    const bad = await run('npx', ['tsx', 'scripts/figure.ts', 'ntk-convergence', '--sedes', '3'], { timeout: 60_000 })
      .then(() => null, (error: { code: number; stderr: string }) => error);
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toContain('did you mean --seeds?');
    expect(bad?.stderr).toContain('valid parameters:');
  }, 120_000);
});
