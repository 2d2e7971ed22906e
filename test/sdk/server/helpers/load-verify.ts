// After a load run: count what the store holds against what the server acknowledged. Every
// acknowledged login / collection must be there (0 lost), nothing may be there beyond the
// acknowledged plus the interrupted ones (0 extra), erased devices hold nothing, and the
// aggregates agree with the rows they summarise (a torn write would show up here).
import type { Store } from '../../../../sdk/server/store/types';
import type { LoadResult } from './load';

/** What the store holds compared with the ledger. */
export interface LedgerCheck {
  /** Acknowledged writes that are missing (must be empty). */
  lost: string[];
  /** Rows the ledger cannot account for (must be empty). */
  extra: string[];
  /** Login and collection rows found for the ledger's devices and users. */
  logins: number;
  collections: number;
  /** Acknowledged writes checked. */
  acknowledged: { logins: number; collections: number; erasures: number };
}

/** Checks every device and anonymous user of `result` through the Store API. */
export async function checkLedger(store: Store, result: LoadResult): Promise<LedgerCheck> {
  const check: LedgerCheck = { lost: [], extra: [], logins: 0, collections: 0, acknowledged: { logins: 0, collections: 0, erasures: 0 } };
  for (const d of result.devices) {
    const data = await store.exportSubject({ deviceId: d.deviceId });
    check.logins += data.logins.length;
    check.collections += data.collections.length;
    const empty = data.logins.length === 0 && data.collections.length === 0;
    if (d.ended) {
      check.acknowledged.erasures++;
      if (!empty)
        check.lost.push(`${d.ended} of ${d.deviceId} was acknowledged, yet ${data.logins.length} logins and ${data.collections.length} collections remain`);
      if (d.ended === 'object' && !(await store.isObjected({ userId: d.userId, deviceId: d.deviceId })))
        check.lost.push(`objection of ${d.deviceId} was acknowledged but is not stored`);
      continue;
    }
    // An interrupted erase either happened (nothing left) or did not (the ledger must still hold).
    if (d.unsureEnd && empty) continue;
    check.acknowledged.logins += d.logins.length;
    check.acknowledged.collections += d.collections;
    const stored = new Set(data.logins.map((l) => l.id));
    for (const id of d.logins) if (!stored.has(id)) check.lost.push(`login ${id} of ${d.deviceId}`);
    if (data.logins.length > d.logins.length + d.unsureLogins)
      check.extra.push(`${d.deviceId}: ${data.logins.length} logins, acknowledged ${d.logins.length} + interrupted ${d.unsureLogins}`);
    if (data.collections.length < d.collections) check.lost.push(`${d.deviceId}: ${data.collections.length} collections, acknowledged ${d.collections}`);
    if (data.collections.length > d.collections + d.unsureCollections)
      check.extra.push(`${d.deviceId}: ${data.collections.length} collections, acknowledged ${d.collections} + interrupted ${d.unsureCollections}`);
  }
  for (const [userId, ledger] of result.anonymousLogins) {
    const logins = (await store.exportSubject({ userId })).logins.filter((l) => l.deviceId === undefined);
    check.logins += logins.length;
    check.acknowledged.logins += ledger.logins.length;
    const stored = new Set(logins.map((l) => l.id));
    for (const id of ledger.logins) if (!stored.has(id)) check.lost.push(`login ${id} of ${userId} (no consent)`);
    if (logins.length > ledger.logins.length + ledger.unsure)
      check.extra.push(`${userId}: ${logins.length} logins without a device, acknowledged ${ledger.logins.length} + interrupted ${ledger.unsure}`);
  }
  return check;
}

/** Row totals and aggregate consistency of a SQL store, read with plain SQL. */
export interface StoreFacts {
  logins: number;
  collections: number;
  /** Each of these counts disagreements and must be 0. */
  mismatches: { totals: number; users: number; globalCounts: number; userCounts: number; orphanValues: number };
}

/** Reads StoreFacts with `count(sql)`, which runs a query returning one number (same SQL on SQLite and PostgreSQL). */
export async function storeFacts(count: (sql: string) => Promise<number>): Promise<StoreFacts> {
  const vouching = await count('SELECT COUNT(*) FROM logins WHERE vouching = 1');
  const vouchingUsers = await count('SELECT COUNT(DISTINCT user_id) FROM logins WHERE vouching = 1');
  return {
    logins: await count('SELECT COUNT(*) FROM logins'),
    collections: await count('SELECT COUNT(*) FROM collections'),
    mismatches: {
      totals: Math.abs((await count('SELECT COALESCE(MAX(total_logins), 0) FROM totals')) - vouching),
      users:
        Math.abs((await count('SELECT COALESCE(MAX(user_count), 0) FROM totals')) - vouchingUsers) +
        (await count(`SELECT COUNT(*) FROM (SELECT user_id, COUNT(*) AS c FROM logins WHERE vouching = 1 GROUP BY user_id) a
          LEFT JOIN user_totals u ON u.user_id = a.user_id WHERE u.logins IS NULL OR u.logins <> a.c`)),
      globalCounts:
        (await count(`SELECT COUNT(*) FROM (SELECT feature, value, COUNT(*) AS c FROM login_values GROUP BY feature, value) a
        LEFT JOIN global_counts g ON g.feature = a.feature AND g.value = a.value WHERE g.count IS NULL OR g.count <> a.c`)) +
        (await count(
          'SELECT COUNT(*) FROM global_counts g WHERE g.count > 0 AND NOT EXISTS (SELECT 1 FROM login_values v WHERE v.feature = g.feature AND v.value = g.value)',
        )),
      userCounts: await count(`SELECT COUNT(*) FROM (SELECT l.user_id, v.feature, v.value, COUNT(*) AS c FROM login_values v JOIN logins l ON l.id = v.login_id
        GROUP BY l.user_id, v.feature, v.value) a LEFT JOIN user_counts u ON u.user_id = a.user_id AND u.feature = a.feature AND u.value = a.value
        WHERE u.count IS NULL OR u.count <> a.c`),
      orphanValues: await count('SELECT COUNT(*) FROM login_values v LEFT JOIN logins l ON l.id = v.login_id WHERE l.id IS NULL OR l.vouching = 0'),
    },
  };
}
