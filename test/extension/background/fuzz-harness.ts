/**
 * What the background fuzz tests share: a watch for uncaught exceptions and unhandled rejections,
 * write-counting wrappers around the real vault and ledger stores, byte-exact snapshots of what
 * they hold, and a tally of outcomes printed as a table. Not a test file itself.
 */
import type { LedgerStore } from '../../../extension/background/ledger';
import type { VaultStorage } from '../../../extension/background/vault-db';

/** Collects every uncaught exception and unhandled rejection while installed. */
export function watchCrashes(): { crashes: string[]; stop(): void } {
  const crashes: string[] = [];
  const onRejection = (reason: unknown) => void crashes.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onException = (error: Error) => void crashes.push(`uncaughtException: ${error.stack}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    crashes,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** A counter of store writes, reset per fuzz case. */
export interface WriteCounter {
  writes: number;
}

/** The real vault storage, counting every record or header it is asked to write or delete. */
export function countingVaultStorage(real: VaultStorage, counter: WriteCounter): VaultStorage {
  return {
    ...real,
    putMeta: (meta) => {
      counter.writes += 1;
      return real.putMeta(meta);
    },
    putRecords: (records) => {
      counter.writes += records.length;
      return real.putRecords(records);
    },
    deleteRecord: (id) => {
      counter.writes += 1;
      return real.deleteRecord(id);
    },
  };
}

/** The real ledger store, counting every site write, logged request and forget. */
export function countingLedgerStore(real: LedgerStore, counter: WriteCounter): LedgerStore {
  return {
    ...real,
    putSite: (entry) => {
      counter.writes += 1;
      return real.putSite(entry);
    },
    logRequest: (entry) => {
      counter.writes += 1;
      return real.logRequest(entry);
    },
    logRequestOnce: (entry, withinMs) => {
      counter.writes += 1;
      return real.logRequestOnce(entry, withinMs);
    },
    forgetSite: (origin) => {
      counter.writes += 1;
      return real.forgetSite(origin);
    },
  };
}

/** Everything the vault holds (header and every encrypted record), as one comparable string. */
export async function vaultSnapshot(storage: VaultStorage): Promise<string> {
  const [meta, records] = await Promise.all([storage.getMeta(), storage.listRecords()]);
  return JSON.stringify({ meta, records: records.sort((a, b) => a.id.localeCompare(b.id)) });
}

/** Everything the ledger holds (sites and the request log), as one comparable string. */
export async function ledgerSnapshot(store: LedgerStore): Promise<string> {
  const [sites, requests] = await Promise.all([store.listSites(), store.listRequests()]);
  return JSON.stringify({ sites: sites.sort((a, b) => a.origin.localeCompare(b.origin)), requests });
}

/** Outcome counts per group (importer or input class), printed as a table. */
export class Tally {
  private readonly rows = new Map<string, Map<string, number>>();

  add(group: string, outcome: string): void {
    const row = this.rows.get(group) ?? new Map<string, number>();
    row.set(outcome, (row.get(outcome) ?? 0) + 1);
    this.rows.set(group, row);
  }

  /** Cases counted for `group` (all groups when omitted), optionally only one outcome. */
  count(group?: string, outcome?: string): number {
    const rows = group === undefined ? [...this.rows.values()] : [this.rows.get(group) ?? new Map<string, number>()];
    return rows.reduce((sum, row) => sum + [...row].filter(([o]) => outcome === undefined || o === outcome).reduce((s, [, n]) => s + n, 0), 0);
  }

  groups(): string[] {
    return [...this.rows.keys()];
  }

  /** One line per group: total, then each outcome with its count. */
  format(title: string): string {
    const lines = [...this.rows].map(
      ([group, row]) =>
        `  ${group.padEnd(28)} ${String(this.count(group)).padStart(5)}  ${[...row]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([o, n]) => `${o}=${n}`)
          .join(' ')}`,
    );
    return [`${title}: ${this.count()} cases`, ...lines].join('\n');
  }
}
