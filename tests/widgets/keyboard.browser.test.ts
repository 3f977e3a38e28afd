/**
 * Keyboard: every control of every widget is reachable with Tab and changes
 * with the arrow keys (real key presses through Playwright), and the keys a
 * widget handles never reach a document-level listener (reveal.js listens
 * there).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/styles/tokens.css';
import '../../src/styles/widget.css';
import { defineFake } from './element-fixture';
import { widgetSchemas } from '../../src/widgets/schemas';
import { defineWidgets } from '../../src/widgets/define';
import type { WidgetElement } from '../../src/widgets/element';

const seen: string[] = [];
const record = (e: KeyboardEvent): void => { seen.push(e.key); };

beforeAll(() => {
  defineFake('test-keys');
  defineWidgets();
  document.addEventListener('keydown', record);
});

const hosts: HTMLElement[] = [];
afterEach(() => { for (const h of hosts.splice(0)) h.remove(); });

function put(tag: string): { before: HTMLButtonElement; el: WidgetElement } {
  const host = document.createElement('div');
  host.innerHTML = `<button class="sentinel">before</button><${tag} eager></${tag}><button class="sentinel">after</button>`;
  document.body.append(host);
  hosts.push(host);
  return { before: host.querySelector('button')!, el: host.querySelector(tag) as WidgetElement };
}

/** Tab from the sentinel through the widget; returns the elements focused inside it. */
async function tabThrough(before: HTMLElement, el: HTMLElement): Promise<Element[]> {
  before.focus();
  const reached: Element[] = [];
  for (let i = 0; i < 80; i++) {
    await userEvent.tab();
    const a = document.activeElement;
    if (!a || !el.contains(a)) break;
    reached.push(a);
  }
  return reached;
}

/** Which keys to try for a control, in order (second one when at the end of the range). */
function keysFor(control: HTMLElement): string[] {
  if (control.querySelector('select')) return ['{ArrowDown}', '{ArrowUp}'];
  return ['{ArrowRight}', '{ArrowLeft}'];
}

async function exercise(el: WidgetElement, before: HTMLElement): Promise<void> {
  const reached = await tabThrough(before, el);
  const controls = Array.from(el.querySelectorAll<HTMLElement>('.widget-controls .control'));
  expect(controls.length).toBeGreaterThan(0);
  seen.length = 0;
  for (const control of controls) {
    const name = control.dataset.param!;
    const target = reached.find((r) => control.contains(r)) as HTMLElement | undefined;
    expect(target, `control "${name}" is reachable with Tab`).toBeDefined();
    const start = JSON.stringify(el.values[name]);
    target!.focus();
    let changed = false;
    for (const key of keysFor(control)) {
      await userEvent.keyboard(key);
      if (JSON.stringify(el.values[name]) !== start) { changed = true; break; }
    }
    expect(changed, `control "${name}" changes with the arrow keys`).toBe(true);
  }
  // Arrow keys on anything focusable inside the widget (plots included) stay inside.
  for (const r of reached) {
    (r as HTMLElement).focus();
    await userEvent.keyboard('{ArrowUp}');
  }
  expect(seen.filter((k) => k.startsWith('Arrow') || k === 'PageUp' || k === 'PageDown')).toEqual([]);
}

describe('keyboard', () => {
  it('fake widget: sliders, log slider, segmented, select and switch all work from the keyboard', async () => {
    const { before, el } = put('test-keys');
    await el.whenReady();
    await exercise(el, before);
  });

  it('log slider moves by its factor; linear slider by its step; PageUp by two factors', async () => {
    const { el } = put('test-keys');
    await el.whenReady();
    const width = el.querySelector<HTMLInputElement>('[data-param=width] input')!;
    width.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(el.values.width).toBe(128);
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(el.values.width).toBe(32);
    await userEvent.keyboard('{PageUp}');
    expect(el.values.width).toBe(128);
    await userEvent.keyboard('{End}');
    expect(el.values.width).toBe(1024);
    expect(width.getAttribute('aria-valuetext')).toBe('1024');
    const rate = el.querySelector<HTMLInputElement>('[data-param=rate] input')!;
    rate.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(el.values.rate).toBe(0.6);
    const flag = el.querySelector<HTMLInputElement>('[data-param=flag] input')!;
    flag.focus();
    await userEvent.keyboard(' ');
    expect(el.values.flag).toBe(true);
    await userEvent.keyboard('{ArrowLeft}');
    expect(el.values.flag).toBe(false);
    expect(seen.filter((k) => k !== 'Tab')).toEqual([]);
  });

  it('Tab and Escape still reach the page', async () => {
    const { before, el } = put('test-keys');
    await el.whenReady();
    seen.length = 0;
    before.focus();
    await userEvent.tab();
    await userEvent.keyboard('{Escape}');
    expect(seen).toEqual(['Tab', 'Escape']);
  });

  for (const schema of Object.values(widgetSchemas)) {
    it(`${schema.name}: every control reachable with Tab, changes with arrows, keys stay inside`, async () => {
      const { before, el } = put(schema.tag);
      await el.whenReady();
      await exercise(el, before);
    });
  }
});
