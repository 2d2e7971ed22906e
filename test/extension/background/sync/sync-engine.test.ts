// Encrypted sync through the real handlers, vault and sync engine: two (or three) backgrounds, each
// with its own storage.sync, relayed by the test as the browser account would (items copied, each
// overwriting). Offline edits on both converge; the area holds no secret, issuer or label in clear;
// a new browser joins with the passphrase; a browser with its own vault joins and keeps its accounts.
import { describe, expect, it } from 'vitest';
import { syncIdle, syncNow, TOMBSTONE_TTL_MS } from '../../../../extension/background/sync/engine';
import { contentScript, makeBackground, memorySyncArea } from '../background-twin';

const PASS_A = 'correct horse battery staple';
const PASS_C = 'another vault passphrase';
const SECRETS = ['JBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U'];
const uri = (secret: string, issuer: string, label: string) => `otpauth://totp/${issuer}:${label}?secret=${secret}&issuer=${issuer}`;

type Bg = ReturnType<typeof makeBackground> & { area: ReturnType<typeof memorySyncArea> };
function browserWithSync(now?: () => number): Bg {
  const area = memorySyncArea();
  return Object.assign(makeBackground({ syncArea: area, ...(now ? { now } : {}) }), { area });
}

/** The browser account carrying every item of `from`'s storage.sync to `to`'s, then `to` reacting (storage.onChanged). */
async function relay(from: Bg, to: Bg): Promise<void> {
  await syncIdle();
  await to.area.set(Object.fromEntries(from.area.items));
  await syncNow(to.deps);
  await syncIdle();
}

async function names(bg: Bg): Promise<string[]> {
  await syncIdle();
  const { accounts, corrupted } = await bg.send({ type: 'accounts.list' });
  expect(corrupted).toEqual([]);
  return accounts.map((a) => `${a.issuer}:${a.label}:${a.code}`).sort();
}

describe('encrypted sync', () => {
  it('a new browser joins with the passphrase; offline edits on both converge; the area holds only ciphertext', async () => {
    const a = browserWithSync();
    const b = browserWithSync();
    await a.send({ type: 'vault.create', passphrase: PASS_A });
    await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[0]!, 'GitHub', 'alice@example.com') });
    const gone = await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[1]!, 'Proton', 'alice') });
    expect((await a.send({ type: 'sync.status' })).enabled).toBe(false); // off by default
    expect(a.area.items.size).toBe(0);
    const on = await a.send({ type: 'sync.enable' });
    expect(on).toMatchObject({ enabled: true, remoteVault: true, accounts: 2 });
    await relay(a, b);

    // The new browser sees a synced vault, and needs its passphrase.
    expect(await b.send({ type: 'sync.status' })).toMatchObject({ enabled: false, remoteVault: true });
    await expect(b.send({ type: 'sync.enable' })).rejects.toMatchObject({ code: 'sync_passphrase_needed' });
    await expect(b.send({ type: 'sync.enable', passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(await b.send({ type: 'vault.status' })).toMatchObject({ state: 'none' }); // a refused join changes nothing
    await b.send({ type: 'sync.enable', passphrase: PASS_A });
    expect(await names(b)).toEqual(await names(a));
    expect(await names(b)).toHaveLength(2);

    // Offline: both edit; then the browser account carries the items both ways.
    const [github] = (await a.send({ type: 'accounts.list' })).accounts.filter((x) => x.issuer === 'GitHub');
    await a.send({ type: 'accounts.update', id: github!.id, label: 'alice@work.example' });
    await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[2]!, 'Dropbox', 'alice') });
    await b.send({ type: 'accounts.delete', id: gone.account.id });
    await b.send({ type: 'accounts.addUri', uri: uri(SECRETS[3]!, 'Fastmail', 'alice') });
    // The same account edited on both, B later: per account, the later edit wins whole (B's copy had the old label).
    await b.send({ type: 'accounts.update', id: github!.id, tags: ['work'] });
    await relay(a, b);
    await relay(b, a);
    await relay(a, b);
    const final = await names(a);
    expect(await names(b)).toEqual(final);
    expect(final.map((n) => n.split(':').slice(0, 2).join(':'))).toEqual(['Dropbox:alice', 'Fastmail:alice', 'GitHub:alice@example.com']);
    const githubOnA = (await a.send({ type: 'accounts.list' })).accounts.find((x) => x.issuer === 'GitHub')!;
    expect(githubOnA.tags).toEqual(['work']);

    // Nothing readable in the area: no secret (any case), issuer or label in names or values.
    const dump = JSON.stringify([...a.area.items, ...b.area.items]).toLowerCase();
    for (const word of [...SECRETS, 'GitHub', 'Proton', 'Dropbox', 'Fastmail', 'alice', 'example.com', 'work']) {
      expect(dump.includes(word.toLowerCase()), word).toBe(false);
    }
    expect(await b.send({ type: 'sync.status' })).toMatchObject({ enabled: true, accounts: 3 });
  }, 120_000);

  it('a browser with its own vault joins: its accounts are kept (duplicates once), and the synced passphrase opens it', async () => {
    const a = browserWithSync();
    const c = browserWithSync();
    await a.send({ type: 'vault.create', passphrase: PASS_A });
    await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[0]!, 'GitHub', 'alice') });
    await a.send({ type: 'sync.enable' });
    await c.send({ type: 'vault.create', passphrase: PASS_C });
    await c.send({ type: 'accounts.addUri', uri: uri(SECRETS[0]!, 'GitHub', 'alice') }); // the same account
    await c.send({ type: 'accounts.addUri', uri: uri(SECRETS[2]!, 'Dropbox', 'carol') });
    await relay(a, c);
    await expect(c.send({ type: 'sync.enable' })).rejects.toMatchObject({ code: 'sync_passphrase_needed' });
    await c.send({ type: 'vault.lock' });
    await expect(c.send({ type: 'sync.enable', passphrase: PASS_A })).rejects.toMatchObject({ code: 'vault_locked' });
    await c.send({ type: 'vault.unlock', passphrase: PASS_C });
    await c.send({ type: 'sync.enable', passphrase: PASS_A });
    await relay(c, a);
    expect(await names(c)).toEqual(await names(a));
    expect((await names(a)).map((n) => n.split(':')[0])).toEqual(['Dropbox', 'GitHub']);
    await c.send({ type: 'vault.lock' });
    await expect(c.send({ type: 'vault.unlock', passphrase: PASS_C })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await c.send({ type: 'vault.unlock', passphrase: PASS_A });
    expect(await names(c)).toEqual(await names(a));
  }, 120_000);

  it('a passphrase change travels with the synced header: the other browser then opens with the new one', async () => {
    const a = browserWithSync();
    const b = browserWithSync();
    await a.send({ type: 'vault.create', passphrase: PASS_A });
    await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[0]!, 'GitHub', 'alice') });
    await a.send({ type: 'sync.enable' });
    await relay(a, b);
    await b.send({ type: 'sync.enable', passphrase: PASS_A });
    await a.send({ type: 'vault.changePassphrase', current: PASS_A, next: 'the new passphrase' });
    await relay(a, b);
    await b.send({ type: 'vault.lock' });
    await expect(b.send({ type: 'vault.unlock', passphrase: PASS_A })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await b.send({ type: 'vault.unlock', passphrase: 'the new passphrase' });
    expect(await names(b)).toEqual(await names(a));
  }, 120_000);

  it('a deletion reaches the other browsers, then its tombstone leaves the synced area after TOMBSTONE_TTL_MS; a browser away longer puts its copy back', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const a = browserWithSync(() => clock);
    const b = browserWithSync(() => clock);
    const c = browserWithSync(() => clock);
    await a.send({ type: 'vault.create', passphrase: PASS_A });
    await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[0]!, 'GitHub', 'alice') });
    const gone = await a.send({ type: 'accounts.addUri', uri: uri(SECRETS[1]!, 'Proton', 'alice') });
    await a.send({ type: 'sync.enable' });
    for (const other of [b, c]) {
      await relay(a, other);
      await other.send({ type: 'sync.enable', passphrase: PASS_A });
    }
    await a.send({ type: 'accounts.delete', id: gone.account.id });
    await relay(a, b); // c is offline from here on
    const tombstone = `tf.a.${gone.account.id}`;
    const itemsOf = (bg: Bg) => [...bg.area.items.keys()].filter((k) => k.startsWith('tf.a.')).sort();
    expect(itemsOf(b)).toContain(tombstone);
    expect((await names(b)).map((n) => n.split(':')[0])).toEqual(['GitHub']);

    // Still inside the window: every run keeps the tombstone.
    clock += TOMBSTONE_TTL_MS - 60_000;
    await syncNow(b.deps);
    await syncIdle();
    expect(itemsOf(b)).toContain(tombstone);

    // Past it: the next run removes the tombstone and forgets it; the live account stays.
    clock += 120_000;
    await syncNow(b.deps);
    await syncIdle();
    expect(itemsOf(b)).not.toContain(tombstone);
    expect(itemsOf(b)).toHaveLength(1);
    expect((await b.send({ type: 'sync.status' })).lastError).toBeUndefined();
    await relay(b, a);
    expect((await names(a)).map((n) => n.split(':')[0])).toEqual(['GitHub']);

    // c was away longer than the window and still holds the account: it comes back, on every browser.
    await relay(b, c);
    expect((await names(c)).map((n) => n.split(':')[0])).toEqual(['GitHub', 'Proton']);
    await relay(c, a);
    expect((await names(a)).map((n) => n.split(':')[0])).toEqual(['GitHub', 'Proton']);
  }, 120_000);

  it('a web page cannot reach sync or backup: a content script sending them is dropped unanswered', async () => {
    const a = browserWithSync();
    await a.send({ type: 'vault.create', passphrase: PASS_A });
    const page = contentScript('https://evil.example/login');
    for (const type of ['sync.status', 'sync.enable', 'sync.disable', 'backup.settings', 'backup.runNow']) expect(await a.raw({ type }, page)).toBeUndefined();
    expect(await a.raw({ type: 'backup.configure', schedule: 'daily', password: 'attacker password', passphrase: PASS_A }, page)).toBeUndefined();
    expect(a.area.items.size).toBe(0);
    expect(a.downloads).toEqual([]);
  });

  it('ignores items it cannot open and reports, rather than exceeds, the quota', async () => {
    const a = browserWithSync();
    await a.send({ type: 'vault.create', passphrase: PASS_A });
    await a.send({ type: 'sync.enable' });
    await a.area.set({ 'tf.a.AAAAAAAAAAAAAAAA': 'garbage.value', 'tf.a.BBBBBBBBBBBBBBBB': 42, 'tf.a.x': 'short id', other: { a: 1 } });
    await syncNow(a.deps);
    expect(await a.send({ type: 'sync.status' })).toMatchObject({ enabled: true, accounts: 0 });
    expect((await a.send({ type: 'sync.status' })).lastError).toBeUndefined();
    // 400 accounts are more than 100 KB of items: the run syncs as many as fit, says so, and keeps every account.
    const base32 = (i: number) => Array.from({ length: 4 }, (_, k) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[(i >> (5 * k)) & 31]).join('');
    const unique = Array.from({ length: 400 }, (_, i) => uri(`JBSWY3DPEHPK${base32(i)}`, `Service${i}`, `user${i}@example.com`));
    await a.send({ type: 'accounts.import', fileName: 'uris.txt', data: { kind: 'text', text: unique.join('\n') } });
    await syncIdle();
    const status = await a.send({ type: 'sync.status' });
    expect(status.lastError).toMatch(/Sync storage is full: \d+ account change\(s\) did not fit/);
    expect(status.bytesInUse).toBeLessThanOrEqual(status.quotaBytes);
    expect(status.bytesInUse).toBeGreaterThan(status.quotaBytes - 1024); // as many as fit were synced
    expect((await a.send({ type: 'accounts.list' })).accounts.length).toBe(unique.length);
    // Deleting accounts frees room (tombstones are smaller), and the next run syncs more of the rest.
    const synced = () => [...a.area.items.keys()].filter((k) => k.startsWith('tf.a.')).length;
    const before = synced();
    const { accounts } = await a.send({ type: 'accounts.list' });
    for (const account of accounts.slice(0, 40)) await a.send({ type: 'accounts.delete', id: account.id });
    await syncIdle();
    expect(synced()).toBeGreaterThan(before);
  }, 120_000);
});
