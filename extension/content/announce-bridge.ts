/**
 * Ledger source 1, the content script's side of the announcement protocol
 * (docs/announce-protocol.md). It must cost nothing on pages without Twofold and tell them nothing:
 * one event listener, registered at document_start (announce.js, before any page script runs, so
 * it hears every announcement the page's SDK makes), and no event dispatched — a page cannot learn
 * that the extension is installed from it. Only when a page's SDK announces with `twofold:announce`
 * is the forwarding stage loaded (announce-forward.ts: valibot validation, the message to the
 * background); esbuild inlines that dynamic import as a lazily evaluated module, so other pages
 * never evaluate the schemas.
 */
import { ANNOUNCE_EVENT } from '../../sdk/protocol/announce-events';

/** Most announcements forwarded from one page (a page can fire events at will; the SDK sends a few). */
export const MAX_FORWARDED_PER_PAGE = 20;

/** Listens for the page SDK's announcements; dispatches nothing itself. */
export function startAnnounceBridge(target: EventTarget = document): void {
  let forwarded = 0;
  let last: string | null = null;
  target.addEventListener(ANNOUNCE_EVENT, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    // Identical repeats carry nothing new; a flood stops at the cap.
    if (typeof detail !== 'string' || detail === last || forwarded >= MAX_FORWARDED_PER_PAGE) return;
    last = detail;
    forwarded++;
    void import('./announce-forward').then((m) => m.forwardAnnouncement(detail, target)).catch(() => undefined);
  });
}
