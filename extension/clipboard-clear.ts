/**
 * Clearing the clipboard 30 s after a code was copied, even when the popup has closed by then, and
 * only when it still holds that code: by then the user may have copied something of their own,
 * which is not ours to erase. Runs in a document that may read and write the clipboard
 * without a user gesture: Firefox's background event page, or Chrome's offscreen document (reason
 * CLIPBOARD), since a Chrome MV3 service worker has no DOM. Reading needs `clipboardRead`.
 */

/** What a clear attempt did. */
export type ClipboardClearOutcome =
  /** It still held the copied code and now holds empty text. */
  | 'cleared'
  /** It holds something else (the user copied since): left alone. */
  | 'replaced'
  /** It could not be read, so it is left alone rather than risk erasing the user's data. */
  | 'unreadable'
  /** It held the code but the browser refused the write. */
  | 'refused';

/**
 * Whether to clear (pure): only when the clipboard's text is exactly the copied code. Unknown
 * content (null: could not be read) is never cleared.
 */
export function shouldClear(current: string | null, copied: string): boolean {
  return current !== null && copied !== '' && current === copied;
}

/** The clipboard's text via a `paste` event (execCommand('paste')); null when the browser refuses. */
export function readClipboardIn(doc: Document): string | null {
  let text: string | null = null;
  const onPaste = (event: ClipboardEvent) => {
    text = event.clipboardData?.getData('text/plain') ?? null;
    event.preventDefault();
  };
  doc.addEventListener('paste', onPaste);
  try {
    return doc.execCommand('paste') ? text : null;
  } catch {
    return null;
  } finally {
    doc.removeEventListener('paste', onPaste);
  }
}

/** Replaces the clipboard's text with an empty string; true when the browser accepted it. */
export function clearClipboardIn(doc: Document): boolean {
  // A `copy` handler that sets empty text: execCommand('copy') with nothing selected does nothing.
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

/** Clears the clipboard in `doc` only if it still holds `copied`. */
export function clearClipboardIfStill(doc: Document, copied: string): ClipboardClearOutcome {
  const current = readClipboardIn(doc);
  if (current === null) return 'unreadable';
  if (!shouldClear(current, copied)) return 'replaced';
  return clearClipboardIn(doc) ? 'cleared' : 'refused';
}

/** The message the background sends the offscreen document (not part of the UI protocol: it only clears). */
export const OFFSCREEN_CLEAR_CLIPBOARD = 'twofold.offscreen.clearClipboard';

/** Its payload: the code that was copied (the document clears only that). */
export interface OffscreenClearMessage {
  type: typeof OFFSCREEN_CLEAR_CLIPBOARD;
  copied: string;
}
