/**
 * Scheduled clipboard clearing (30 s after a copy), by alarm so it survives the popup closing and
 * the service worker sleeping. The copied code waits in storage.session (memory only, trusted
 * contexts only) until the alarm: the clipboard is cleared only if it still holds exactly that code.
 * Chrome (no DOM in the worker): an offscreen document does it; Firefox (event page with a DOM):
 * done in place.
 */
import { OFFSCREEN_CLEAR_CLIPBOARD, clearClipboardIfStill, type ClipboardClearOutcome, type OffscreenClearMessage } from '../clipboard-clear';
import type { KeyValueArea } from './session';

export { CLIPBOARD_ALARM } from './autolock';
/** Chrome's alarm minimum (30 s) is also the clearing delay the popup promises. */
export const CLIPBOARD_CLEAR_MINUTES = 0.5;
/** storage.session key of the code waiting to be cleared. */
export const COPIED_CODE_KEY = 'twofold.clipboard.copied';

/** Remembers `copied` as the code to clear (a later copy replaces it). */
export async function rememberCopiedCode(area: KeyValueArea, copied: string): Promise<void> {
  await area.set({ [COPIED_CODE_KEY]: copied });
}

/** Takes (reads and forgets) the code waiting to be cleared. */
export async function takeCopiedCode(area: KeyValueArea): Promise<string | undefined> {
  const copied = (await area.get(COPIED_CODE_KEY))[COPIED_CODE_KEY];
  await area.remove(COPIED_CODE_KEY);
  return typeof copied === 'string' ? copied : undefined;
}

interface ChromeOffscreen {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

/** Chrome's offscreen API and runtime (the offscreen path is Chrome-only: no polyfill needed). */
function chromeApis(): { offscreen: ChromeOffscreen; sendMessage(message: unknown): Promise<unknown> } | undefined {
  const chrome = (globalThis as { chrome?: { offscreen?: ChromeOffscreen; runtime?: { sendMessage(message: unknown): Promise<unknown> } } }).chrome;
  const runtime = chrome?.runtime;
  return chrome?.offscreen && runtime ? { offscreen: chrome.offscreen, sendMessage: (message) => runtime.sendMessage(message) } : undefined;
}

/** Clears the clipboard now if it still holds `copied`, by whatever this browser allows. */
export async function clearClipboardIfStillNow(copied: string): Promise<ClipboardClearOutcome> {
  if (typeof document !== 'undefined') return clearClipboardIfStill(document, copied);
  const chrome = chromeApis();
  if (!chrome) return 'unreadable';
  const { offscreen } = chrome;
  try {
    await offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['CLIPBOARD'],
      justification: 'Clear a copied one-time code from the clipboard after 30 seconds, if it is still there.',
    });
  } catch {
    // Already open (a previous clear still running): reuse it.
  }
  try {
    const message: OffscreenClearMessage = { type: OFFSCREEN_CLEAR_CLIPBOARD, copied };
    const reply = (await chrome.sendMessage(message)) as { outcome?: ClipboardClearOutcome } | undefined;
    return reply?.outcome ?? 'unreadable';
  } finally {
    await offscreen.closeDocument().catch(() => undefined);
  }
}

/** The alarm's action: clears the remembered code if the clipboard still holds it. */
export async function clearCopiedCode(area: KeyValueArea): Promise<ClipboardClearOutcome | 'nothing-copied'> {
  const copied = await takeCopiedCode(area);
  return copied === undefined ? 'nothing-copied' : clearClipboardIfStillNow(copied);
}
