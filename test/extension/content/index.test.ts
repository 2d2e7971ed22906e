// @vitest-environment jsdom
// The content script's first stage: it must do nothing on a page until a code-capable input is
// focused, and only then load the second stage (mocked here to observe the hand-over).
// The script has page-lifetime side effects (listeners on `document`), so this file loads it ONCE
// and its tests run in order on that one page; the autofocus case has its own file.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const session = { fieldFocused: vi.fn(), domChanged: vi.fn(), tabMessage: vi.fn(async () => undefined), hidden: vi.fn() };
const startOtpSession = vi.fn(() => session);
vi.mock('../../../extension/content/otp-session', () => ({ startOtpSession }));

type Listener = (message: unknown, sender: { id?: string }) => undefined;
const listeners: Listener[] = [];

function page(html: string): void {
  (document.activeElement as HTMLElement | null)?.blur();
  document.body.innerHTML = html;
}

// `settle` only backs checks that something did NOT happen; what must happen is awaited with
// `eventually`, since a fixed sleep fails whenever a loaded CI machine runs the timers late.
const settle = () => new Promise((r) => setTimeout(r, 80));
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
const observeSpy = vi.spyOn(MutationObserver.prototype, 'observe');
const disconnectSpy = vi.spyOn(MutationObserver.prototype, 'disconnect');

beforeAll(async () => {
  (globalThis as unknown as { chrome: unknown }).chrome = { runtime: { id: 'ours', onMessage: { addListener: (fn: Listener) => listeners.push(fn) } } };
  page('<main><p>news</p><input type="search" name="q"><input type="email"><input type="text" name="x"></main>');
  await import('../../../extension/content/index');
});
beforeEach(() => {
  for (const fn of Object.values(session)) fn.mockClear();
});

describe('content script first stage', () => {
  it('does nothing on a page where no code-capable input is focused', async () => {
    document.querySelector<HTMLInputElement>('input[type=search]')!.focus();
    document.querySelector<HTMLInputElement>('input[type=email]')!.focus();
    document.querySelector('main')!.append(document.createElement('div')); // DOM churn alone loads nothing
    await settle();
    expect(startOtpSession).not.toHaveBeenCalled();
    expect(listeners).toHaveLength(0); // not even the runtime listener
    expect(observeSpy).not.toHaveBeenCalled(); // nor a MutationObserver: a busy page pays for every observed change
  });

  it('hands a focused text input to the second stage, once loaded', async () => {
    page('<input id="otp" type="tel" autocomplete="one-time-code"><input id="b" type="text">');
    const otp = document.getElementById('otp') as HTMLInputElement;
    otp.focus();
    await eventually(() => expect(session.fieldFocused).toHaveBeenCalledWith(otp, true));
    expect(startOtpSession).toHaveBeenCalledTimes(1);
    (document.getElementById('b') as HTMLInputElement).focus();
    await eventually(() => expect(session.fieldFocused).toHaveBeenLastCalledWith(document.getElementById('b'), false));
    await settle();
    expect(startOtpSession).toHaveBeenCalledTimes(1);
    expect(listeners).toHaveLength(1);
  });

  it('reports DOM changes to the second stage in batches while a field is focused', async () => {
    page('<input id="otp" type="text"><div id="list"></div>');
    const otp = document.getElementById('otp') as HTMLInputElement;
    otp.focus();
    // One change while watched makes sure a batch is pending (page() itself may or may not have
    // scheduled one); wait for it to run so it cannot be counted below.
    document.getElementById('list')!.append(document.createElement('p'));
    await eventually(() => expect(session.domChanged).toHaveBeenCalledWith(otp));
    session.domChanged.mockClear();
    for (let i = 0; i < 50; i++) document.getElementById('list')!.append(document.createElement('p'));
    await eventually(() => expect(session.domChanged).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 500)); // room for a wrong second batch (batches are >= 300 ms apart)
    expect(session.domChanged).toHaveBeenCalledTimes(1); // 50 mutations, one batch
    expect(session.domChanged).toHaveBeenCalledWith(otp);
  });

  it('stops watching the DOM at the first batch after focus left code-capable inputs', async () => {
    page('<input id="otp" type="text"><input id="q" type="search"><div id="list"></div>');
    document.getElementById('otp')!.focus();
    await new Promise((r) => setTimeout(r, 500));
    const watching = observeSpy.mock.calls.length - disconnectSpy.mock.calls.length;
    document.getElementById('q')!.focus();
    document.getElementById('list')!.append(document.createElement('p'));
    await eventually(() => expect(observeSpy.mock.calls.length - disconnectSpy.mock.calls.length).toBe(watching - 1));
    session.domChanged.mockClear();
    for (let i = 0; i < 5; i++) document.getElementById('list')!.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 500));
    expect(session.domChanged).not.toHaveBeenCalled();
  });

  it('passes messages only from our own extension to the second stage', async () => {
    page('<input id="otp" type="text">');
    (document.getElementById('otp') as HTMLInputElement).focus();
    await settle();
    listeners[0]!({ type: 'otp.fillShortcut' }, { id: 'someone-else' });
    listeners[0]!({ type: 'otp.fillShortcut' }, { id: 'ours' });
    await eventually(() => expect(session.tabMessage).toHaveBeenCalled());
    await settle();
    expect(session.tabMessage).toHaveBeenCalledTimes(1);
    expect(session.tabMessage).toHaveBeenCalledWith({ type: 'otp.fillShortcut' }, expect.any(Boolean));
  });
});

describe('attack: a page dispatching fake focusin events', () => {
  it('a focusin on an input that does not have focus reaches neither the second stage nor the background', async () => {
    page('<input id="otp" type="text" autocomplete="one-time-code"><input id="q" type="search">');
    document.getElementById('q')!.focus();
    const otp = document.getElementById('otp') as HTMLInputElement;
    for (let i = 0; i < 100; i++) otp.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    await settle();
    expect(session.fieldFocused).not.toHaveBeenCalled();
    // The same input, really focused, is handed over once.
    otp.focus();
    await eventually(() => expect(session.fieldFocused).toHaveBeenCalled());
    await settle();
    expect(session.fieldFocused).toHaveBeenCalledTimes(1);
    expect(session.fieldFocused).toHaveBeenCalledWith(otp, expect.any(Boolean));
  });
});
