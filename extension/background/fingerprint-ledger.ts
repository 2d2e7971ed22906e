/**
 * Ledger source 3: sites that fingerprint the user without Twofold. Stores what the MAIN-world
 * detector observed, per site (the sending frame's own real origin, from `sender`, never from the
 * message; a sub-frame's records also name the top-level site they were seen inside) and per
 * calling script origin, with first/last seen and counts per technique, in IndexedDB (idb; its own
 * database so its schema versions never collide with other ledger stores).
 * A page can create real observations about itself at will (it only has to fingerprint), so
 * entries are observations ABOUT the frame that made them: what a frame's scripts do, forged or
 * not, only ever changes that frame's own origin's entry, bounded by the caps below. A cross-origin
 * iframe can therefore never file anything under the page that embeds it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { TwofoldError } from '../../sdk/protocol/errors';
import { MAX_INSIDE_OF, type FingerprintBatch, type FingerprintRecord, type Party } from '../fp-report';
import type { HandlerMap, SenderInfo } from './router';
import { httpOrigin, registrableDomain } from './sites';

/** Most script origins kept per site (a forging page cannot grow the ledger without bound). */
export const MAX_SCRIPT_ORIGINS_PER_SITE = 100;
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** Where a sender's observations are filed: the sending frame's own origin, and the tab's top-level origin when that differs. */
export interface FrameSite {
  site: string;
  insideOf?: string;
}

/**
 * Where a content-script message's observations are filed (pure): the sender frame's own http(s)
 * origin, never the tab's, so a sub-frame (an ad, a tracker) cannot file under the site embedding
 * it; that site is kept as `insideOf`. Null when the frame is not an http(s) page.
 */
export function frameSiteOfSender(sender: SenderInfo): FrameSite | null {
  const site = httpOrigin(sender.url);
  if (site === null) return null;
  const top = httpOrigin(sender.tab?.url);
  return top !== null && top !== site ? { site, insideOf: top } : { site };
}

/** First party when both origins share a registrable domain (IP hosts and `localhost` compare whole). */
export function classifyParty(scriptOrigin: string, siteOrigin: string): Party {
  const host = (origin: string) => httpOrigin(origin) && new URL(origin).hostname;
  const a = host(scriptOrigin);
  const b = host(siteOrigin);
  if (!a || !b) return 'first-party';
  const domainA = registrableDomain(a) ?? a;
  const domainB = registrableDomain(b) ?? b;
  return domainA === domainB ? 'first-party' : 'third-party';
}

/** `list` with `site` moved (or added) to the end, at most MAX_INSIDE_OF long. */
function withInsideOf(list: readonly string[] | undefined, site: string | undefined): string[] | undefined {
  if (site === undefined) return list ? [...list] : undefined;
  return [...(list ?? []).filter((s) => s !== site), site].slice(-MAX_INSIDE_OF);
}

/**
 * Merges a batch into a site's records (pure). `site` (the frame's own origin) stands in for script
 * origin `null` (opaque page origins); `insideOf` is the top-level site when the frame is a
 * sub-frame. Returns only the records that changed; script origins beyond the cap are dropped.
 */
export function mergeBatch(existing: readonly FingerprintRecord[], site: string, batch: FingerprintBatch, now: number, insideOf?: string): FingerprintRecord[] {
  const frameOrigin = site;
  const byOrigin = new Map(existing.map((r) => [r.scriptOrigin, r]));
  const changed = new Map<string, FingerprintRecord>();
  for (const obs of batch.observations) {
    const scriptOrigin = obs.scriptOrigin === 'null' ? frameOrigin : obs.scriptOrigin;
    let record = changed.get(scriptOrigin) ?? byOrigin.get(scriptOrigin);
    if (record === undefined) {
      if (byOrigin.size >= MAX_SCRIPT_ORIGINS_PER_SITE) continue;
      record = { site, scriptOrigin, party: classifyParty(scriptOrigin, site), kinds: {}, firstSeen: now, lastSeen: now };
      byOrigin.set(scriptOrigin, record);
    } else record = { ...record, kinds: { ...record.kinds } };
    const inside = withInsideOf(record.insideOf, insideOf);
    if (inside) record.insideOf = inside;
    const tally = record.kinds[obs.kind];
    record.kinds[obs.kind] = {
      count: Math.min(MAX_COUNT, (tally?.count ?? 0) + obs.count),
      firstSeen: tally?.firstSeen ?? now,
      lastSeen: now,
      apis: [...new Set([...(tally?.apis ?? []), ...obs.apis])],
    };
    record.lastSeen = now;
    changed.set(scriptOrigin, record);
  }
  return [...changed.values()];
}

interface LedgerDb extends DBSchema {
  observations: { key: [string, string]; value: FingerprintRecord; indexes: { site: string } };
}

/** The fingerprint ledger's storage. */
export interface FingerprintLedger {
  /** Records a validated batch for `site` (seen inside top-level site `insideOf`, if a sub-frame); resolves to the number of records written. */
  record(site: string, batch: FingerprintBatch, now: number, insideOf?: string): Promise<number>;
  /** Every record, oldest site first. */
  list(): Promise<FingerprintRecord[]>;
  /** Records of one site. */
  listSite(site: string): Promise<FingerprintRecord[]>;
  /** Deletes a site's records (local "Forget this site"); resolves to how many were removed. */
  forgetSite(site: string): Promise<number>;
}

/** Opens (creating on first use) the fingerprint ledger database `name`. */
export function openFingerprintLedger(name = 'twofold-ledger-fingerprints'): FingerprintLedger {
  // Opened per call: the service worker may be evicted at any time, reopening is cheap.
  const withDb = async <T>(fn: (db: IDBPDatabase<LedgerDb>) => Promise<T>): Promise<T> => {
    const db = await openDB<LedgerDb>(name, 1, {
      upgrade(database) {
        const store = database.createObjectStore('observations', { keyPath: ['site', 'scriptOrigin'] });
        store.createIndex('site', 'site');
      },
    });
    try {
      return await fn(db);
    } finally {
      db.close();
    }
  };
  return {
    record: (site, batch, now, insideOf) =>
      withDb(async (db) => {
        // One readwrite transaction: concurrent batches from several frames serialise here.
        const tx = db.transaction('observations', 'readwrite');
        const existing = await tx.store.index('site').getAll(site);
        const changed = mergeBatch(existing, site, batch, now, insideOf);
        await Promise.all([...changed.map((r) => tx.store.put(r)), tx.done]);
        return changed.length;
      }),
    list: () => withDb(async (db) => (await db.getAll('observations')).sort((a, b) => a.firstSeen - b.firstSeen)),
    listSite: (site) => withDb((db) => db.getAllFromIndex('observations', 'site', site)),
    forgetSite: (site) =>
      withDb(async (db) => {
        const tx = db.transaction('observations', 'readwrite');
        const keys = await tx.store.index('site').getAllKeys(site);
        await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
        return keys.length;
      }),
  };
}

/** Re-exported for callers of the store. */
export type { FingerprintRecord, Party } from '../fp-report';

/**
 * The router's handlers: `ledger.fingerprintObserved` (content tier; the site comes from `sender`)
 * and, for the ledger UI (UI tier only), `ledger.fingerprintList` and `ledger.fingerprintForget`.
 */
export function fingerprintLedgerHandlers(
  deps: { now(): number },
  ledger: FingerprintLedger = openFingerprintLedger(),
): Pick<HandlerMap, 'ledger.fingerprintObserved' | 'ledger.fingerprintList' | 'ledger.fingerprintForget'> {
  return {
    async 'ledger.fingerprintList'() {
      return { records: await ledger.list() };
    },
    async 'ledger.fingerprintForget'(request) {
      return { removed: await ledger.forgetSite(request.site) };
    },
    async 'ledger.fingerprintObserved'(request, context) {
      const where = context.tier === 'content' ? frameSiteOfSender(context.sender) : null;
      if (where === null) {
        throw new TwofoldError('not_a_page', 'Fingerprinting observations are only accepted from a web page in a tab.', { status: 403 });
      }
      return { recorded: await ledger.record(where.site, request.batch, deps.now(), where.insideOf) };
    },
  };
}
