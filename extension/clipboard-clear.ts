/**
 * Clearing the clipboard 30 s after a code was copied, even when the popup has closed by then.
 * Runs in a document that may write the clipboard without a user gesture: Firefox's background
 * event page (clipboardWrite permission), or Chrome's offscreen document (reason CLIPBOARD), since
 * a Chrome MV3 service worker has no DOM.
 */

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

/** The message the background sends the offscreen document (not part of the UI protocol: it only clears). */
export const OFFSCREEN_CLEAR_CLIPBOARD = 'twofold.offscreen.clearClipboard';
