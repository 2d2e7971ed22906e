import { describe, expect, it } from 'vitest';
import { senderTier } from '../../../extension/background/router';
import { POPUP, SELF, contentScript, makeBackground } from './background-twin';

const URI = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

describe('trust tiers', () => {
  it('classifies our pages as UI, our content scripts in tabs as content, and everything else as nothing', () => {
    expect(senderTier(POPUP, SELF)).toBe('ui');
    // An extension page opened in a tab (as e2e tests do) is still UI.
    expect(senderTier({ ...POPUP, tab: { id: 3, url: POPUP.url } }, SELF)).toBe('ui');
    expect(senderTier(contentScript('https://github.com/login'), SELF)).toBe('content');
    expect(senderTier({ id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }, SELF)).toBeNull();
    expect(senderTier({ id: SELF.id, url: 'https://github.com/' }, SELF)).toBeNull(); // no tab
    expect(senderTier({ id: SELF.id }, SELF)).toBeNull();
    expect(senderTier({ id: SELF.id, url: 'chrome-extension://twofold-test-id.evil/x', tab: { id: 1 } }, SELF)).toBeNull();
  });

  it('drops UI-only messages from content scripts and anything from other senders, without an answer', async () => {
    const bg = makeBackground();
    expect(await bg.raw({ type: 'vault.status' }, contentScript('https://github.com/'))).toBeUndefined();
    expect(await bg.raw({ type: 'accounts.list' }, contentScript('https://github.com/'))).toBeUndefined();
    expect(await bg.raw({ type: 'vault.status' }, { id: 'evil', url: 'chrome-extension://evil/x.html' })).toBeUndefined();
    expect(await bg.raw({ type: 'site.accounts' }, contentScript('https://github.com/'))).toMatchObject({ ok: true });
  });

  it('keeps each tier to its own union: pages cannot bind, extension pages cannot pose as a page', async () => {
    const bg = makeBackground();
    const page = contentScript('https://github.com/');
    for (const message of [
      { type: 'otp.bindConfirm', tabId: 7, id: 'abcdefgh1234', site: 'github.com' },
      { type: 'otp.bindContext', tabId: 7 },
      { type: 'accounts.update', id: 'abcdefgh1234', sites: ['evil.test'] },
      { type: 'ledger.erase', origin: 'https://github.com' },
    ]) {
      expect(await bg.raw(message, page), message.type).toBeUndefined();
    }
    // A content-tier message from the UI is refused with a reason, before any handler runs.
    expect(await bg.raw({ type: 'otp.openBindWindow' })).toMatchObject({ ok: false, error: { code: 'not_a_page' } });
    expect(bg.bindWindows).toEqual([]);
    // Content payloads are validated against the content union only.
    expect(await bg.raw({ type: 'otp.code', id: 3 }, page)).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  });

  it('validates every payload and answers a typed error', async () => {
    const bg = makeBackground();
    expect(await bg.raw({ type: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(await bg.raw({ type: 'vault.create', passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', message: expect.stringMatching(/at least 8/) },
    });
    expect(await bg.raw({ type: 'accounts.exportUris', acknowledgeUnencrypted: false, passphrase: 'correct horse battery' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(await bg.raw(null)).toMatchObject({ ok: false });
  });
});

describe('background handlers', () => {
  it('runs the vault lifecycle: none → create → unlocked → lock → wrong passphrase → unlock', async () => {
    const bg = makeBackground();
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'none', autoLockMinutes: 15 });
    await expect(bg.send({ type: 'accounts.list' })).rejects.toMatchObject({ code: 'vault_missing' });
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    expect(bg.alarms.at(-1)).toBe(15);
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'unlocked', kdfIterations: 600_000 });
    await bg.send({ type: 'accounts.addUri', uri: URI });
    await bg.send({ type: 'vault.lock' });
    expect(bg.alarms.at(-1)).toBeNull();
    await expect(bg.send({ type: 'accounts.list' })).rejects.toMatchObject({ code: 'vault_locked' });
    await expect(bg.send({ type: 'vault.unlock', passphrase: 'wrong horse' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'locked' });
    await bg.send({ type: 'vault.unlock', passphrase: 'correct horse battery' });
    const { accounts } = await bg.send({ type: 'accounts.list' });
    expect(accounts).toHaveLength(1);
  });

  it('changes the passphrase after proving the current one, and raises KDF iterations on unlock', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await bg.send({ type: 'accounts.addUri', uri: URI });
    await expect(bg.send({ type: 'vault.changePassphrase', current: 'not it at all', next: 'new passphrase here' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    expect(await bg.send({ type: 'vault.changePassphrase', current: 'correct horse battery', next: 'new passphrase here' })).toEqual({
      kdfIterations: 600_000,
    });
    await bg.send({ type: 'vault.lock' });
    await expect(bg.send({ type: 'vault.unlock', passphrase: 'correct horse battery' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    // A later version asks for more iterations: the next unlock re-wraps the key with them.
    bg.deps.kdfIterations = 650_000;
    await bg.send({ type: 'vault.unlock', passphrase: 'new passphrase here' });
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'unlocked', kdfIterations: 650_000 });
    await bg.send({ type: 'vault.lock' });
    await bg.send({ type: 'vault.unlock', passphrase: 'new passphrase here' });
    expect((await bg.send({ type: 'accounts.list' })).accounts.map((a) => a.issuer)).toEqual(['GitHub']);
  });

  it('lists TOTP codes matching otplib at a fixed time, never the secret', async () => {
    const bg = makeBackground({ now: () => 59_000 });
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/RFC:x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8' });
    const listing = await bg.send({ type: 'accounts.list' });
    expect(listing.accounts[0]).toMatchObject({ code: '94287082', validUntil: 60_000, issuer: 'RFC', label: 'x', icon: 'R' });
    expect(JSON.stringify(listing)).not.toContain('GEZDGNBV');
  });

  it('rejects an invalid URI and an invalid manual secret with a message saying what is wrong', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await expect(bg.send({ type: 'accounts.addUri', uri: 'https://example.com' })).rejects.toMatchObject({ code: 'invalid_otpauth_uri' });
    await expect(
      bg.send({
        type: 'accounts.addManual',
        account: { type: 'totp', secret: 'JBSWY3DP1HPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, issuer: 'X', label: 'y' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_secret', message: expect.stringMatching(/position 9/) });
    expect((await bg.send({ type: 'accounts.list' })).accounts).toEqual([]);
  });

  it('persists the HOTP counter before returning the code', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    const { account } = await bg.send({ type: 'accounts.addUri', uri: 'otpauth://hotp/RFC:h?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0' });
    expect(account.code).toBeUndefined();
    expect(await bg.send({ type: 'accounts.hotpNext', id: account.id })).toEqual({ code: '755224', counter: 0 });
    expect(await bg.send({ type: 'accounts.hotpNext', id: account.id })).toEqual({ code: '287082', counter: 1 });
    // The stored record already holds the next counter (what a restarted worker would continue from).
    const exported = await bg.send({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: 'correct horse battery' });
    expect(exported.text).toContain('counter=2');
  });

  it('binds sites from the issuer domain or the scanned page, lets the user edit them, and answers content scripts by sender URL', async () => {
    const bg = makeBackground({ qrText: 'otpauth://totp/Acme:bob?secret=JBSWY3DPEHPK3PXP', pageUrl: 'https://login.acme.co.uk/setup' });
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    const { account: scanned } = await bg.send({ type: 'accounts.scanQr' });
    expect(scanned.sites).toEqual(['acme.co.uk']);
    const { account: byIssuer } = await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=github.com' });
    expect(byIssuer.sites).toEqual(['github.com']);
    const { account: unnamed } = await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitLab:me?secret=JBSWY3DPEHPK3PXP' });
    expect(unnamed.sites).toEqual([]); // a bare name is not guessed into a domain
    const { account: edited } = await bg.send({
      type: 'accounts.update',
      id: unnamed.id,
      sites: ['https://gitlab.com/users/sign_in', 'GITLAB.com'],
      icon: 'G',
    });
    expect(edited.sites).toEqual(['gitlab.com']);
    await expect(bg.send({ type: 'accounts.update', id: unnamed.id, sites: ['not a domain'] })).rejects.toMatchObject({ code: 'invalid_site' });

    const onAcme = await bg.send({ type: 'site.accounts' }, contentScript('https://www.acme.co.uk/2fa'));
    expect(onAcme).toEqual({ site: 'acme.co.uk', accounts: [{ id: scanned.id, issuer: 'Acme', label: 'bob' }] });
    const lookalike = await bg.send({ type: 'site.accounts' }, contentScript('https://acme.co.uk.evil.test/2fa'));
    expect(lookalike.accounts).toEqual([]);
    expect(JSON.stringify(onAcme)).not.toMatch(/JBSWY|code/);
  });

  it('exports an encrypted backup and re-imports it into another vault with sites and icons', async () => {
    const one = makeBackground();
    await one.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    const { account } = await one.send({ type: 'accounts.addUri', uri: URI });
    await one.send({ type: 'accounts.update', id: account.id, sites: ['github.com', 'githubassets.com'], icon: 'Ǥ' });
    await one.send({ type: 'accounts.addUri', uri: 'otpauth://hotp/H:h?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5' });
    const backup = await one.send({ type: 'accounts.exportBackup', password: 'backup password 1', passphrase: 'correct horse battery' });
    expect(backup.fileName).toMatch(/^twofold-backup-\d{4}-\d\d-\d\d\.json$/);
    expect(backup.text).not.toContain('JBSWY3DPEHPK3PXP');

    const two = makeBackground();
    await two.send({ type: 'vault.create', passphrase: 'another passphrase' });
    const data = { kind: 'text' as const, text: backup.text };
    await expect(two.send({ type: 'accounts.import', fileName: backup.fileName, data })).rejects.toMatchObject({ code: 'password_required' });
    await expect(two.send({ type: 'accounts.import', fileName: backup.fileName, data, password: 'nope nope nope' })).rejects.toMatchObject({
      code: 'wrong_password',
    });
    expect(await two.send({ type: 'accounts.import', fileName: backup.fileName, data, password: 'backup password 1' })).toEqual({ imported: 2, skipped: [] });
    const listed = (await two.send({ type: 'accounts.list' })).accounts;
    expect(listed.map((a) => [a.issuer, a.sites, a.icon])).toEqual([
      ['GitHub', ['github.com', 'githubassets.com'], 'Ǥ'],
      ['H', [], 'H'],
    ]);
    // Importing again adds nothing: duplicates are reported, not doubled.
    const again = await two.send({ type: 'accounts.import', fileName: backup.fileName, data, password: 'backup password 1' });
    expect(again.imported).toBe(0);
    expect(again.skipped.map((s) => s.reason)).toEqual(['Already in the vault.', 'Already in the vault.']);
  });

  it('imports through importAccounts all-or-nothing and passes binary files as bytes', async () => {
    const seen: unknown[] = [];
    const bg = makeBackground({
      importAccounts: async (fileName, data, password) => {
        seen.push([fileName, data instanceof Uint8Array ? [...data] : data, password]);
        return {
          accounts: [(await import('../../../extension/otpauth')).parseOtpauthUri(URI)],
          skipped: [{ entry: 'Steam', reason: 'Steam Guard codes are not supported.' }],
        };
      },
    });
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    const result = await bg.send({ type: 'accounts.import', fileName: 'x.bin', data: { kind: 'base64', base64: 'AAEC' }, password: 'pw' });
    expect(seen).toEqual([['x.bin', [0, 1, 2], 'pw']]);
    expect(result).toEqual({ imported: 1, skipped: [{ entry: 'Steam', reason: 'Steam Guard codes are not supported.' }] });
  });

  it('keeps auto-lock settings in storage.local and no secret there', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await bg.send({ type: 'accounts.addUri', uri: URI });
    expect(await bg.send({ type: 'settings.set', autoLockMinutes: 5 })).toEqual({ autoLockMinutes: 5 });
    expect(bg.alarms.at(-1)).toBe(5);
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ autoLockMinutes: 5 });
    const local = await bg.local.get('twofold.settings');
    expect(JSON.stringify(local)).toBe('{"twofold.settings":{"autoLockMinutes":5}}');
  });
});
