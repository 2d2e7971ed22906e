/**
 * Scheduled clipboard clearing (30 s after a copy), by alarm so it survives the popup closing and
 * the service worker sleeping. Chrome (no DOM in the worker): an offscreen document does it;
 * Firefox (event page with a DOM): done in place.
 */
import browser from 'webextension-polyfill';
import { OFFSCREEN_CLEAR_CLIPBOARD, clearClipboardIn } from '../clipboard-clear';

export { CLIPBOARD_ALARM } from './autolock';
/** Chrome's alarm minimum (30 s) is also the clearing delay the popup promises. */
export const CLIPBOARD_CLEAR_MINUTES = 0.5;

interface ChromeOffscreen {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

function chromeOffscreen(): ChromeOffscreen | undefined {
  return (globalThis as { chrome?: { offscreen?: ChromeOffscreen } }).chrome?.offscreen;
}

/** Clears the clipboard now, by whatever this browser allows; false when it cannot. */
export async function clearClipboardNow(): Promise<boolean> {
  if (typeof document !== 'undefined') return clearClipboardIn(document);
  const offscreen = chromeOffscreen();
  if (!offscreen) return false;
  try {
    await offscreen.createDocument({ url: 'offscreen.html', reasons: ['CLIPBOARD'], justification: 'Clear a copied one-time code from the clipboard after 30 seconds.' });
  } catch {
    // Already open (a previous clear still running): reuse it.
  }
  try {
    const reply = (await browser.runtime.sendMessage({ type: OFFSCREEN_CLEAR_CLIPBOARD })) as { cleared?: boolean } | undefined;
    return reply?.cleared === true;
  } finally {
    await offscreen.closeDocument().catch(() => undefined);
  }
}
