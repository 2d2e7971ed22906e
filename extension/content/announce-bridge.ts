/**
 * Ledger source 1, the content script's side of the announcement protocol
 * (docs/announce-protocol.md). It must cost nothing on pages without Twofold: one event listener
 * and one `twofold:request` dispatched at document_idle, nothing else. Only when a page's SDK
 * answers with `twofold:announce` is the forwarding stage loaded (announce-forward.ts: valibot
 * validation, the message to the background); esbuild inlines that dynamic import as a lazily
 * evaluated module, so other pages never evaluate the schemas.
 */
import { ANNOUNCE_EVENT, ANNOUNCE_REQUEST_EVENT } from '../../sdk/protocol/announce-events';

/** Most announcements forwarded from one page (a page can fire events at will; the SDK sends a few). */
export const MAX_FORWARDED_PER_PAGE = 20;

/** Listens for the page SDK's announcements and asks it to announce itself once. */
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
  target.dispatchEvent(new CustomEvent(ANNOUNCE_REQUEST_EVENT));
}
