/**
 * Chrome's offscreen document (reason CLIPBOARD): its only job is to clear the clipboard when the
 * background asks. Accepts nothing else and nothing from other senders.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { OFFSCREEN_CLEAR_CLIPBOARD, clearClipboardIn } from '../../clipboard-clear';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || (message as { type?: unknown } | null)?.type !== OFFSCREEN_CLEAR_CLIPBOARD) return undefined;
  return Promise.resolve({ cleared: clearClipboardIn(document) });
});
