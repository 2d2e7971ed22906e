/**
 * Ledger source 3: sites that fingerprint the user without Twofold. Stores what the MAIN-world
 * detector observed, per site (the sender tab's real origin, from `sender`, never from the message)
 * and per calling script origin, with first/last seen and counts per technique, in IndexedDB (idb;
 * its own database so its schema versions never collide with other ledger stores).
 * A page can forge detector events, so entries are observations ABOUT a page, never claims by it:
 * forging only ever changes the forging site's own entry, bounded by the caps below.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { TwofoldError } from '../../sdk/protocol/errors';
import type { FingerprintBatch, FingerprintRecord, Party } from '../fp-report';
import type { HandlerMap, SenderInfo } from './router';
import { httpOrigin, registrableDomain } from './sites';

/** Most script origins kept per site (a forging page cannot grow the ledger without bound). */
export const MAX_SCRIPT_ORIGINS_PER_SITE = 100;
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** The site a content-script message is about: the sender tab's top-level origin (else the frame's). */
export function siteOfSender(sender: SenderInfo): string | null {
  return httpOrigin(sender.tab?.url) ?? httpOrigin(sender.url);
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

/**
 * Merges a batch into a site's records (pure). `frameOrigin` stands in for script origin `null`
 * (opaque page origins). Returns only the records that changed; script origins beyond the cap are
 * dropped.
 */
export function mergeBatch(existing: readonly FingerprintRecord[], site: string, frameOrigin: string, batch: FingerprintBatch, now: number): FingerprintRecord[] {
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
  /** Records a validated batch for `site`; resolves to the number of records written. */
  record(site: string, frameOrigin: string, batch: FingerprintBatch, now: number): Promise<number>;
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
    record: (site, frameOrigin, batch, now) =>
      withDb(async (db) => {
        // One readwrite transaction: concurrent batches from several frames serialise here.
        const tx = db.transaction('observations', 'readwrite');
        const existing = await tx.store.index('site').getAll(site);
        const changed = mergeBatch(existing, site, frameOrigin, batch, now);
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
      const site = context.tier === 'content' ? siteOfSender(context.sender) : null;
      const frameOrigin = httpOrigin(context.sender.url) ?? site;
      if (site === null || frameOrigin === null) {
        throw new TwofoldError('not_a_page', 'Fingerprinting observations are only accepted from a web page in a tab.', { status: 403 });
      }
      return { recorded: await ledger.record(site, frameOrigin, request.batch, deps.now()) };
    },
  };
}
