/**
 * Chrome's offscreen document (reason CLIPBOARD): its only job is to clear the clipboard when the
 * background asks, and only if the clipboard still holds the code that was copied. Accepts nothing
 * else and nothing from other senders.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { OFFSCREEN_CLEAR_CLIPBOARD, clearClipboardIfStill, type OffscreenClearMessage } from '../../clipboard-clear';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const request = message as Partial<OffscreenClearMessage> | null;
  if (sender.id !== browser.runtime.id || request?.type !== OFFSCREEN_CLEAR_CLIPBOARD || typeof request.copied !== 'string') return undefined;
  return Promise.resolve({ outcome: clearClipboardIfStill(document, request.copied) });
});
