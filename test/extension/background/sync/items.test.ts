// storage.sync items (extension/background/sync/items.ts): sealed per account under a key derived
// from the vault key, bound to their name, and small enough that the README's count of accounts
// fitting in the browser's 100 KB holds (measured here on a typical account).
import { describe, expect, it } from 'vitest';
import { newKdfParams, newVaultKey, wrapVaultKey, deriveKek } from '../../../../extension/background/crypto';
import {
  ACCOUNT_ITEM_PREFIX,
  HEADER_ITEM,
  SYNC_MAX_ITEMS,
  SYNC_QUOTA_BYTES,
  deriveSyncKey,
  headerMatches,
  makeHeader,
  openAccountItem,
  sealAccountItem,
  syncedSize,
} from '../../../../extension/background/sync/items';
import type { VaultEntry } from '../../../../extension/background/vault';

/** A typical account: 32-character secret, e-mail label, one bound site, a tag, used a few times. */
const typical: Omit<VaultEntry, 'id'> = {
  account: {
    type: 'totp',
    secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    issuer: 'GitHub',
    label: 'alice.smith@example.com',
  },
  icon: 'G',
  sites: ['github.com'],
  createdAt: 1_765_000_000_000,
  pinned: true,
  position: 12,
  tags: ['work'],
  useCount: 57,
  lastUsedAt: 1_765_100_000_000,
};
const clock = { t: 1_765_100_000_000, n: 3, d: '0123456789abcdef' };

/** How many typical accounts fit: the quota less the header, over one item; capped by the item count. */
const TYPICAL_ACCOUNTS_THAT_FIT = 170;

describe('sync items', () => {
  it('round-trips an account and a tombstone; a wrong key, name or tampered value opens as null', async () => {
    const key = await deriveSyncKey(await newVaultKey());
    const item = await sealAccountItem(key, 'abcdefgh12345678', { clock, entry: typical });
    expect(await openAccountItem(key, 'abcdefgh12345678', item)).toEqual({ clock, entry: typical });
    const tomb = await sealAccountItem(key, 'abcdefgh12345678', { clock });
    expect(await openAccountItem(key, 'abcdefgh12345678', tomb)).toEqual({ clock });
    expect(await openAccountItem(key, 'ZZZZZZZZ12345678', item)).toBeNull(); // moved to another name
    expect(await openAccountItem(await deriveSyncKey(await newVaultKey()), 'abcdefgh12345678', item)).toBeNull();
    const [iv, data] = item.split('.');
    // One bit of the ciphertext's tag flipped: always a change (writing a constant over the tail
    // could leave it as it was), and the authentication fails.
    const bytes = Buffer.from(data!, 'base64');
    const last = bytes.length - 1;
    bytes[last] = (bytes[last] ?? 0) ^ 1;
    const tampered = bytes.toString('base64');
    expect(tampered).not.toBe(data);
    expect(await openAccountItem(key, 'abcdefgh12345678', `${iv}.${tampered}`)).toBeNull();
    for (const bad of [42, null, 'no-dot', 'a.b.c', '!!.??', { iv, data }]) expect(await openAccountItem(key, 'abcdefgh12345678', bad)).toBeNull();
  });

  it('the header tells the synced vault key from another without the passphrase', async () => {
    const vaultKey = await newVaultKey();
    const kdf = newKdfParams(100_000);
    const header = await makeHeader(kdf, await wrapVaultKey(vaultKey, await deriveKek('pass phrase', kdf), 'ctx'), await deriveSyncKey(vaultKey));
    expect(await headerMatches(header, await deriveSyncKey(vaultKey))).toBe(true);
    expect(await headerMatches(header, await deriveSyncKey(await newVaultKey()))).toBe(false);
  });

  it(`fits at least ${TYPICAL_ACCOUNTS_THAT_FIT} typical accounts in storage.sync's 100 KB (the README's number)`, async () => {
    const vaultKey = await newVaultKey();
    const key = await deriveSyncKey(vaultKey);
    const kdf = newKdfParams(600_000);
    const header = await makeHeader(kdf, await wrapVaultKey(vaultKey, await deriveKek('pass phrase', kdf), 'ctx'), key);
    const headerBytes = syncedSize(HEADER_ITEM, header);
    const itemBytes = syncedSize(`${ACCOUNT_ITEM_PREFIX}abcdefgh12345678`, await sealAccountItem(key, 'abcdefgh12345678', { clock, entry: typical }));
    const fit = Math.min(Math.floor((SYNC_QUOTA_BYTES - headerBytes) / itemBytes), SYNC_MAX_ITEMS - 1);
    console.log(`sync: header ${headerBytes} B, typical account item ${itemBytes} B → ${fit} accounts fit in ${SYNC_QUOTA_BYTES} B`);
    expect(fit).toBeGreaterThanOrEqual(TYPICAL_ACCOUNTS_THAT_FIT);
  });
});
