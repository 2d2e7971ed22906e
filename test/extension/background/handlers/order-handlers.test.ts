// Pin, drag order, tags and use counts: stored inside each sealed entry, so they survive
// lock/unlock and never appear in clear in the vault's storage.
import { describe, expect, it } from 'vitest';
import { contentScript, makeBackground } from '../background-twin';

async function setUp() {
  let now = 1_000_000;
  const bg = makeBackground({ now: () => now });
  await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
  const add = async (issuer: string) =>
    (await bg.send({ type: 'accounts.addUri', uri: `otpauth://totp/${issuer}:me?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}` })).account.id;
  const ids = { a: await add('Alpha'), b: await add('Bravo'), c: await add('Charlie') };
  return { bg, ids, tick: (ms: number) => (now += ms) };
}

describe('order handlers', () => {
  it('pins, tags (normalised), reorders and counts uses; all survive lock and unlock', async () => {
    const { bg, ids, tick } = await setUp();
    await bg.send({ type: 'accounts.update', id: ids.b, pinned: true, tags: [' Work ', 'work', '', 'Bank  account'] });
    expect(await bg.send({ type: 'accounts.reorder', ids: [ids.c, ids.a, ids.b] })).toEqual({ reordered: 3 });
    expect(await bg.send({ type: 'accounts.reorder', ids: [ids.c, ids.a, ids.b] })).toEqual({ reordered: 0 });
    tick(5000);
    expect(await bg.send({ type: 'accounts.used', id: ids.a })).toEqual({ useCount: 1 });
    expect(await bg.send({ type: 'accounts.used', id: ids.a })).toEqual({ useCount: 2 });

    await bg.send({ type: 'vault.lock' });
    await expect(bg.send({ type: 'accounts.reorder', ids: [ids.a] })).rejects.toMatchObject({ code: 'vault_locked' });
    await bg.send({ type: 'vault.unlock', passphrase: 'correct horse battery' });
    const { accounts } = await bg.send({ type: 'accounts.list' });
    const byId = Object.fromEntries(accounts.map((a) => [a.id, a]));
    expect(byId[ids.b]).toMatchObject({ pinned: true, tags: ['Work', 'Bank account'], position: 2, useCount: 0 });
    expect(byId[ids.c]).toMatchObject({ pinned: false, tags: [], position: 0 });
    expect(byId[ids.a]).toMatchObject({ position: 1, useCount: 2, lastUsedAt: 1_005_000 });
  });

  it('keeps order and tags only in the sealed records (nothing readable in storage)', async () => {
    const { bg, ids } = await setUp();
    await bg.send({ type: 'accounts.update', id: ids.a, tags: ['zebra-tag-in-clear?'], pinned: true });
    const records = await bg.deps.storage.listRecords();
    expect(JSON.stringify(records)).not.toContain('zebra-tag-in-clear');
    expect(JSON.stringify(records)).not.toContain('pinned');
  });

  it('a fill on the bound site counts as a use', async () => {
    const { bg, ids } = await setUp();
    await bg.send({ type: 'accounts.update', id: ids.c, sites: ['charlie.test'] });
    await bg.send({ type: 'otp.code', id: ids.c }, contentScript('https://charlie.test/2fa'));
    const { accounts } = await bg.send({ type: 'accounts.list' });
    expect(accounts.find((a) => a.id === ids.c)).toMatchObject({ useCount: 1 });
  });

  it('refuses malformed order requests with a typed error', async () => {
    const { bg } = await setUp();
    expect(await bg.raw({ type: 'accounts.reorder', ids: 'nope' })).toMatchObject({ ok: false });
    expect(await bg.raw({ type: 'accounts.update', id: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toMatchObject({ ok: false });
    expect(await bg.raw({ type: 'accounts.used', id: 'does-not-exist' })).toMatchObject({ ok: false, error: { code: 'account_not_found' } });
  });
});
