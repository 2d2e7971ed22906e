// @vitest-environment jsdom
// The content script's first stage on a page whose code field already has focus when the script
// runs (autofocus): the field is handed to the second stage (mocked) without any new focus event.
import { expect, it, vi } from 'vitest';

const session = { fieldFocused: vi.fn(), domChanged: vi.fn(), tabMessage: vi.fn(), hidden: vi.fn() };
vi.mock('../../../extension/content/otp-session', () => ({ startOtpSession: () => session }));

it('offers for a field that was focused before the script ran', async () => {
  (globalThis as unknown as { chrome: unknown }).chrome = { runtime: { id: 'ours', onMessage: { addListener: () => undefined } } };
  document.body.innerHTML = '<h1>Verify</h1><input id="otp" inputmode="numeric" maxlength="6">';
  const otp = document.getElementById('otp') as HTMLInputElement;
  otp.focus();
  await import('../../../extension/content/index');
  // Awaited rather than slept on: the hand-over runs on timers a loaded CI machine may run late.
  await vi.waitFor(() => expect(session.fieldFocused).toHaveBeenCalledWith(otp, true), { timeout: 10_000, interval: 10 });
});
