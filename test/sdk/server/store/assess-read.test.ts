// The assess read (readForAssessment): the device-key binding comes back with the rest of one
// assessment's reads, equal to readDeviceKey, on every store; and on the SQL stores the global
// counts go through the short-lived cache (sdk/server/store/sql/global-cache.ts): this store's own
// writes show at once, another instance's only after aggregateCacheMs (with 0, at once).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import { MIN_CACHED_COUNT } from '../../../../sdk/server/store/sql/global-cache';
import { featureKey, type LoginRecord, type Store } from '../../../../sdk/server/store/types';

const dir = mkdtempSync(join(tmpdir(), 'twofold-assess-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
let seq = 0;

const login = (userId: string, country = 'NO'): LoginRecord => ({
  id: `login-${++seq}`,
  userId,
  time: 1_700_000_000_000 + seq,
  ip: `192.0.2.${seq % 250}`,
  outcome: 'success',
  features: [
    { feature: 'country', value: country },
    { feature: 'ip', value: `192.0.2.${seq % 250}` },
  ],
});
const COUNTRY = [{ feature: 'country', value: 'NO' }];
const countryCount = async (store: Store, userId = 'reader') =>
  (await store.readForAssessment!(userId, '198.51.100.1', COUNTRY, 0)).profile.global.get(featureKey('country', 'NO'));

describe.each([
  ['memory', async () => createMemoryStore()],
  ['sqlite file (WAL)', async () => createSqliteStore(join(dir, `keys-${++files}.sqlite`))],
] as const)('readForAssessment with a device key on %s', (_name, open) => {
  it('answers the binding readDeviceKey answers (bound, other account, unknown key), and none when not asked', async () => {
    const store = await open();
    await store.bindDeviceKey({ userId: 'ada', keyId: 'k'.repeat(43), deviceId: 'dev-1', boundAt: 1000, lastUsedAt: 2000 });
    await store.bindDeviceKey({ userId: 'ada', keyId: 'n'.repeat(43), boundAt: 1500, lastUsedAt: 1500 });
    for (const [userId, keyId] of [
      ['ada', 'k'.repeat(43)],
      ['ada', 'n'.repeat(43)],
      ['bob', 'k'.repeat(43)],
      ['ada', 'x'.repeat(43)],
    ] as const) {
      const reads = await store.readForAssessment!(userId, '198.51.100.1', COUNTRY, 0, keyId);
      expect('deviceKey' in reads).toBe(true);
      expect(reads.deviceKey, `${userId} ${keyId[0]}`).toEqual(await store.readDeviceKey(userId, keyId));
    }
    expect((await store.readForAssessment!('ada', '198.51.100.1', COUNTRY, 0)).deviceKey).toBeUndefined();
    await store.close();
  });
});

describe('the global-count cache of the SQL assess read (SQLite file, two instances)', () => {
  async function pair(aggregateCacheMs: number) {
    const file = join(dir, `cache-${++files}.sqlite`);
    const reader = await createSqliteStore(file, { aggregateCacheMs });
    const writer = await createSqliteStore(file);
    // Common enough to be cached.
    for (let i = 0; i < MIN_CACHED_COUNT + 2; i++) await writer.recordLogin(login(`seed-${i}`));
    return { reader, writer, seeded: MIN_CACHED_COUNT + 2 };
  }

  it("shows another instance's login only after the cache time, and its own at once", async () => {
    const { reader, writer, seeded } = await pair(60_000);
    expect(await countryCount(reader)).toBe(seeded);
    await writer.recordLogin(login('other'));
    // Cached: the other instance's login is not seen yet (the lag the option allows).
    expect(await countryCount(reader)).toBe(seeded);
    expect((await reader.readProfile('reader', COUNTRY)).global.get(featureKey('country', 'NO'))).toBe(seeded + 1);
    // This instance's own login forgets what it changed: both logins now show.
    await reader.recordLogin(login('mine'));
    expect(await countryCount(reader)).toBe(seeded + 2);
    // So does its own erase (a withdrawal clears the cache).
    await reader.eraseSubject({ userId: 'mine' });
    expect(await countryCount(reader)).toBe(seeded + 1);
    // Per-user counts are never cached.
    await writer.recordLogin(login('reader'));
    expect((await reader.readForAssessment!('reader', '198.51.100.1', COUNTRY, 0)).profile.user.get(featureKey('country', 'NO'))).toBe(1);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('reads every global count afresh with aggregateCacheMs 0, and keeps no rare value', async () => {
    const { reader, writer, seeded } = await pair(0);
    expect(await countryCount(reader)).toBe(seeded);
    await writer.recordLogin(login('other'));
    expect(await countryCount(reader)).toBe(seeded + 1);
    await Promise.all([reader.close(), writer.close()]);

    const cached = await pair(60_000);
    await cached.writer.recordLogin(login('rare-user', 'IS'));
    const iceland = [{ feature: 'country', value: 'IS' }];
    expect((await cached.reader.readForAssessment!('x', '198.51.100.1', iceland, 0)).profile.global.get(featureKey('country', 'IS'))).toBe(1);
    await cached.writer.recordLogin(login('rare-user-2', 'IS'));
    // Below MIN_CACHED_COUNT a value is read every time.
    expect((await cached.reader.readForAssessment!('x', '198.51.100.1', iceland, 0)).profile.global.get(featureKey('country', 'IS'))).toBe(2);
    await Promise.all([cached.reader.close(), cached.writer.close()]);
  });
});
