// The vault on the real idb code over fake-indexeddb (an in-memory IndexedDB implementation that
// follows the spec): Node has no IndexedDB, and this keeps the tests on the same storage code the
// browsers run rather than a hand-written twin. WebCrypto is Node's own (the same API).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../extension/account';
import { fromBase64, toBase64 } from '../../../extension/background/crypto';
import { createVault, newEntryId, readEntries, readEntry, rewrapVault, unlockVault, writeEntries, type VaultEntry } from '../../../extension/background/vault';
import { openVaultStorage } from '../../../extension/background/vault-db';

const PASSPHRASE = 'correct horse battery staple';
let dbCounter = 0;
const freshStorage = () => openVaultStorage(`vault-test-${++dbCounter}`);

function entry(issuer: string, secret = 'JBSWY3DPEHPK3PXP'): VaultEntry {
  return {
    id: newEntryId(),
    account: makeAccount({ type: 'totp', secret, issuer, label: 'alice' }),
    icon: issuer[0]!,
    sites: [`${issuer.toLowerCase()}.com`],
    createdAt: Date.now(),
  };
}

describe('vault', () => {
  it('stores PBKDF2 ≥ 600,000 iterations with the vault and only ciphertext in records', async () => {
    const storage = freshStorage();
    const key = await createVault(storage, PASSPHRASE);
    await writeEntries(storage, key, [entry('GitHub')]);
    const meta = await storage.getMeta();
    expect(meta?.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    const raw = JSON.stringify(await storage.listRecords());
    expect(raw).not.toContain('JBSWY3DPEHPK3PXP');
    expect(raw).not.toContain('GitHub');
  });

  it('encrypts and decrypts entries after unlocking with the passphrase', async () => {
    const storage = freshStorage();
    const key = await createVault(storage, PASSPHRASE);
    const a = entry('GitHub');
    const b = entry('Example', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    await writeEntries(storage, key, [a, b]);
    const unlocked = await unlockVault(storage, PASSPHRASE);
    const { entries, corrupted } = await readEntries(storage, unlocked);
    expect(corrupted).toEqual([]);
    expect(entries.map((e) => e.account)).toEqual(expect.arrayContaining([a.account, b.account]));
    expect(await readEntry(storage, unlocked, b.id)).toMatchObject({ id: b.id, sites: ['example.com'] });
  });

  it('rejects a wrong passphrase with a clear error and changes nothing', async () => {
    const storage = freshStorage();
    const key = await createVault(storage, PASSPHRASE);
    await writeEntries(storage, key, [entry('GitHub')]);
    const before = JSON.stringify([await storage.getMeta(), await storage.listRecords()]);
    await expect(unlockVault(storage, 'wrong passphrase')).rejects.toMatchObject({
      code: 'wrong_passphrase',
      message: expect.stringMatching(/does not unlock/),
    });
    expect(JSON.stringify([await storage.getMeta(), await storage.listRecords()])).toBe(before);
    await expect(unlockVault(storage, PASSPHRASE)).resolves.toBeDefined();
  });

  it('reports a corrupted record by id and still returns the others', async () => {
    const storage = freshStorage();
    const key = await createVault(storage, PASSPHRASE);
    const good = entry('GitHub');
    const bad = entry('Broken');
    const swapped = entry('Swapped');
    await writeEntries(storage, key, [good, bad, swapped]);
    // Flip one ciphertext byte of `bad`.
    const record = (await storage.getRecord(bad.id))!;
    const bytes = fromBase64(record.sealed.data);
    bytes[3]! ^= 0xff;
    // Move `swapped`'s valid ciphertext under another id: the id is bound as additional data.
    const moved = (await storage.getRecord(swapped.id))!;
    await storage.putRecords([
      { ...record, sealed: { ...record.sealed, data: toBase64(bytes) } },
      { ...moved, id: 'moved-record-id' },
    ]);
    const { entries, corrupted } = await readEntries(storage, key);
    expect(entries.map((e) => e.id).sort()).toEqual([good.id, swapped.id].sort());
    expect(corrupted.map((c) => c.id).sort()).toEqual([bad.id, 'moved-record-id'].sort());
    expect(corrupted[0]?.reason).toMatch(/cannot be decrypted/);
    await expect(readEntry(storage, key, bad.id)).rejects.toMatchObject({ code: 'account_corrupted' });
  });

  it('reports a record that decrypts to something that is not an account', async () => {
    const storage = freshStorage();
    const key = await createVault(storage, PASSPHRASE);
    const weird = { ...entry('X'), account: { ...entry('X').account, digits: 12 } };
    await writeEntries(storage, key, [weird, entry('Fine')]);
    const { entries, corrupted } = await readEntries(storage, key);
    expect(entries).toHaveLength(1);
    expect(corrupted).toEqual([{ id: weird.id, reason: expect.stringMatching(/not a valid account/) }]);
  });

  it('refuses to overwrite an existing vault and to create one with fewer iterations', async () => {
    const storage = freshStorage();
    await createVault(storage, PASSPHRASE);
    await expect(createVault(storage, 'another passphrase')).rejects.toMatchObject({ code: 'vault_exists' });
    await expect(createVault(freshStorage(), PASSPHRASE, 1000)).rejects.toMatchObject({ code: 'weak_kdf' });
    await expect(unlockVault(freshStorage(), PASSPHRASE)).rejects.toMatchObject({ code: 'vault_missing' });
  });

  it('re-wraps the vault key under a new passphrase and more iterations without touching records', async () => {
    const storage = freshStorage();
    const key = await createVault(storage, PASSPHRASE);
    const a = entry('GitHub');
    await writeEntries(storage, key, [a]);
    const records = JSON.stringify(await storage.listRecords());
    await rewrapVault(storage, key, 'a brand new passphrase', 700_000);
    expect((await storage.getMeta())?.kdf.iterations).toBe(700_000);
    expect(JSON.stringify(await storage.listRecords())).toBe(records);
    await expect(unlockVault(storage, PASSPHRASE)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    const again = await unlockVault(storage, 'a brand new passphrase');
    expect((await readEntry(storage, again, a.id)).account).toEqual(a.account);
  });
});
