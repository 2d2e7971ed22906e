/**
 * What a site holds about this device *now*, as far as the ledger knows: after an erase the site
 * confirmed, nothing (until it collects again, which a later announcement shows as a newer
 * `lastSeen`). Pure, so the card's wording follows from the log and is tested without a browser.
 */
import type { LedgerSite, RightsLogEntry, RightsWords } from '../../ledger-view';

/** The site holds what it announced, or it erased everything on a confirmed request at `erasedAt`. */
export type HeldNow =
  | { state: 'holds' }
  | {
      state: 'erased';
      /** When the site confirmed the erase (Unix ms). */
      erasedAt: number;
      confirmationId?: string;
      /** The site's answer (rows erased, rows left): English summary and the facts for the page language. */
      summary: string;
      words?: RightsWords;
      /** How many signals it held before the erase. */
      signalsBefore: number;
    };

/** An entry that erased data at the site: an erase, or a withdrawal that was sent (it erases too); answered OK. */
function erasedData(r: RightsLogEntry): boolean {
  return r.ok && (r.action === 'erase' || (r.action === 'withdraw' && r.status !== undefined));
}

/** What `site` holds now: erased when the latest confirmed erase is newer than the site's latest announcement. */
export function heldNow(site: Pick<LedgerSite, 'twofold' | 'requests'>): HeldNow {
  const entry = site.twofold;
  if (!entry) return { state: 'holds' };
  const erase = site.requests.filter(erasedData).reduce<RightsLogEntry | undefined>((latest, r) => (!latest || r.at > latest.at ? r : latest), undefined);
  if (!erase || erase.at < entry.lastSeen) return { state: 'holds' };
  return {
    state: 'erased',
    erasedAt: erase.at,
    ...(erase.confirmationId ? { confirmationId: erase.confirmationId } : {}),
    summary: erase.summary,
    ...(erase.words ? { words: erase.words } : {}),
    signalsBefore: entry.signals.length,
  };
}
