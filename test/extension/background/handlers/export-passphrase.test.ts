// Exports ask for the vault passphrase again: someone at an unlocked, unattended browser
// gets neither the encrypted backup nor the plain otpauth list without it, and a refusal reads or
// changes nothing (the vault is byte-identical).
import { describe, expect, it } from 'vitest';
import { makeBackground } from '../background-twin';
import { vaultSnapshot } from '../fuzz-harness';

const PASSPHRASE = 'correct horse battery';
const URI = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

async function unlockedWithOneAccount() {
  const bg = makeBackground();
  await bg.send({ type: 'vault.create', passphrase: PASSPHRASE });
  await bg.send({ type: 'accounts.addUri', uri: URI });
  return bg;
}

describe('exports need the vault passphrase again', () => {
  it.each(['', 'wrong horse battery', 'Correct horse battery', `${PASSPHRASE} `])(
    'refuses both exports with passphrase %j and changes nothing',
    async (wrong) => {
      const bg = await unlockedWithOneAccount();
      const before = await vaultSnapshot(bg.deps.storage);
      await expect(bg.send({ type: 'accounts.exportBackup', password: 'backup password 1', passphrase: wrong })).rejects.toMatchObject({
        code: 'wrong_passphrase',
      });
      await expect(bg.send({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: wrong })).rejects.toMatchObject({
        code: 'wrong_passphrase',
      });
      expect(await vaultSnapshot(bg.deps.storage)).toBe(before);
      expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'unlocked' }); // a typo does not lock the user out
    },
  );

  it('refuses a message without the passphrase field as malformed', async () => {
    const bg = await unlockedWithOneAccount();
    expect(await bg.raw({ type: 'accounts.exportUris', acknowledgeUnencrypted: true })).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(await bg.raw({ type: 'accounts.exportBackup', password: 'backup password 1' })).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  });

  it('refuses even the right passphrase while the vault is locked (unlock first)', async () => {
    const bg = await unlockedWithOneAccount();
    await bg.send({ type: 'vault.lock' });
    await expect(bg.send({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: PASSPHRASE })).rejects.toMatchObject({
      code: 'vault_locked',
    });
    await expect(bg.send({ type: 'accounts.exportBackup', password: 'backup password 1', passphrase: PASSPHRASE })).rejects.toMatchObject({
      code: 'vault_locked',
    });
  });

  it('exports with the right passphrase', async () => {
    const bg = await unlockedWithOneAccount();
    const uris = await bg.send({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: PASSPHRASE });
    expect(uris.text).toContain('secret=JBSWY3DPEHPK3PXP');
    const backup = await bg.send({ type: 'accounts.exportBackup', password: 'backup password 1', passphrase: PASSPHRASE });
    expect(backup.text).not.toContain('JBSWY3DPEHPK3PXP');
  });
});
