/**
 * The widget frame's footer: a seed with "New seed" for widgets that draw
 * random numbers, a plain "no random draws" for deterministic ones (the
 * analytic kernels), where a "New seed" button would change nothing.
 */
import { describe, expect, it } from 'vitest';
import { buildFrame, type FrameOptions } from '../../src/ui/widget-frame';
import { defaultsOf } from '../../src/ui/params';
import { widgetSchemas } from '../../src/widgets/schemas';

function frame(name: string): HTMLElement {
  const schema = widgetSchemas[name];
  const options: FrameOptions = {
    title: schema.title, schema: schema.params, deterministic: schema.deterministic === true,
    values: defaultsOf(schema.params), controls: null, embedCode: false,
    onChange: () => {}, onNewSeed: () => {}, onReset: () => {},
    snippets: () => ({ iframe: '', element: '' }) as never,
  };
  return buildFrame(options).root;
}

describe('seed in the footer', () => {
  it('analytic widgets say they draw no random numbers and offer no "New seed"', () => {
    for (const name of ['kernel-recursion', 'phase-diagram']) {
      const root = frame(name);
      expect(root.querySelector('.widget-new-seed'), name).toBeNull();
      expect(root.querySelector('.widget-deterministic')?.textContent).toBe('no random draws');
    }
  });

  it('a widget with random draws (gp-posterior samples) shows its seed and a "New seed" button', () => {
    const root = frame('gp-posterior');
    expect(root.querySelector('.widget-new-seed')).not.toBeNull();
    expect(root.querySelector('.widget-seed-value')?.textContent).toBe('1');
    expect(root.querySelector('.widget-deterministic')).toBeNull();
  });
});
