// @vitest-environment jsdom
// Attack: a page looping real focus()/blur() on code fields, against the real content script (both
// stages: index.ts → otp-session.ts → ask-budget.ts) on a fake clock. What reaches the background
// (runtime.sendMessage, counted here) stays bounded by the frame's budget, and a person's focus
// after the budget refills still gets the suggestion. The script has page-lifetime side effects,
// so this file loads it once and its cases run in order on that one page.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANSWER_TTL_MS, ASK_BURST, ASK_PER_SECOND } from '../../../extension/content/ask-budget';

let vault: 'locked' | 'unlocked' = 'locked';
const asks: unknown[] = [];
const sendMessage = vi.fn(async (message: unknown) => {
  asks.push(message);
  const accounts = vault === 'unlocked' ? [{ id: 'account-0001', issuer: 'Loopback Bank', label: 'dana' }] : [];
  return { ok: true, result: { vault, site: 'localhost', accounts } };
});
/** Suggestions shown: each is one closed shadow root on a new host. */
let shown = 0;

const PAGE = `<form><label for="otp">Verification code</label>
  <input id="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"><button>Verify</button></form>
  <input id="q" type="search" name="q">`;
const otp = () => document.getElementById('otp') as HTMLInputElement;
const away = () => (document.getElementById('q') as HTMLInputElement).focus();

/** `rounds` real focus/blur pairs on `field()`, `stepMs` of fake time apart; returns the asks they caused. */
async function loop(rounds: number, stepMs: number, field: () => HTMLInputElement = otp): Promise<number> {
  const before = asks.length;
  for (let i = 0; i < rounds; i++) {
    const input = field();
    input.focus();
    input.blur();
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return asks.length - before;
}

/** Most asks a frame's budget allows over `ms` (a full burst, then the refill rate). */
const allowed = (ms: number) => ASK_BURST + Math.ceil((ms / 1000) * ASK_PER_SECOND);

beforeAll(async () => {
  const realAttach = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    shown++;
    return realAttach.call(this, init);
  });
  // jsdom has no layout: give fields the box a browser would (the suggestion hides for an invisible anchor).
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 10, y: 10, width: 190, height: 20 }));
  (globalThis as unknown as { chrome: unknown }).chrome = { runtime: { id: 'ours', sendMessage, onMessage: { addListener: () => undefined } } };
  document.body.innerHTML = PAGE;
  await import('../../../extension/content/otp-session'); // loaded before the clock is faked: index.ts's import then resolves at once
  await import('../../../extension/content/index');
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'Date'],
  });
});
afterAll(async () => {
  away(); // the open suggestion closes (on blur) before the page goes away
  await vi.advanceTimersByTimeAsync(50);
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('attack: a page looping focus()/blur() on a code field', () => {
  it('1,000 real focuses in 10 s on one field (locked vault: no answer is reused) reach the background a bounded number of times', async () => {
    const start = performance.now();
    const reached = await loop(1000, 10);
    expect(performance.now() - start).toBeGreaterThanOrEqual(10_000); // the budget's clock is the faked one
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(allowed(10_000));
    expect(asks.every((m) => (m as { type: string }).type === 'otp.suggest')).toBe(true);
  });

  it('a person focusing the field after the budget refilled still gets the suggestion', async () => {
    away();
    await vi.advanceTimersByTimeAsync(ASK_BURST * (1000 / ASK_PER_SECOND));
    const [asked, boxes] = [asks.length, shown];
    otp().focus();
    await vi.advanceTimersByTimeAsync(50);
    expect(asks.length).toBe(asked + 1);
    expect(shown).toBe(boxes + 1);
  });

  it('with accounts to offer, one answer serves every refocus of the same field for a while: 1,000 focuses in 10 s, a handful of asks', async () => {
    away();
    vault = 'unlocked';
    await vi.advanceTimersByTimeAsync(10_000);
    const reached = await loop(1000, 10);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(Math.ceil(10_000 / ANSWER_TTL_MS) + 1);
    // A person's refocus within the answer's lifetime asks nothing and still shows the suggestion.
    away();
    const [asked, before] = [asks.length, shown];
    otp().focus();
    await vi.advanceTimersByTimeAsync(50);
    expect(asks.length - asked).toBeLessThanOrEqual(1);
    expect(shown).toBe(before + 1);
  });

  it('a new field on every focus (the target changes, nothing reusable) is bounded by the budget too', async () => {
    away();
    await vi.advanceTimersByTimeAsync(10_000);
    const form = document.querySelector('form')!;
    const fresh = () => {
      const input = document.createElement('input');
      Object.assign(input, { id: 'otp', type: 'text', inputMode: 'numeric', autocomplete: 'one-time-code', maxLength: 6 });
      otp().replaceWith(input);
      return input;
    };
    expect(form.contains(fresh())).toBe(true);
    const reached = await loop(200, 50, fresh);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(allowed(10_000));
  });

  it('a burst of focuses in one task joins the one ask in flight', async () => {
    away();
    await vi.advanceTimersByTimeAsync(10_000);
    vault = 'locked';
    const asked = asks.length;
    for (let i = 0; i < 200; i++) {
      otp().focus();
      otp().blur();
    }
    otp().focus();
    await vi.advanceTimersByTimeAsync(50);
    expect(asks.length - asked).toBe(1);
  });
});
