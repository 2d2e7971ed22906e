// accounts.import of a Twofold backup whose icon the vault cannot hold (found by the background
// import fuzz): the account used to be reported imported, then read back as a corrupted record.
import { describe, expect, it } from 'vitest';
import { encryptBackup, type BackupAccount } from '../../../../extension/background/backup';
import { makeBackground } from '../background-twin';

const account = (secret: string, issuer: string, icon: string): BackupAccount => ({
  type: 'totp',
  secret,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  issuer,
  label: 'me',
  icon,
  sites: ['example.com'],
});

describe('accounts.import: backup icons', () => {
  it('keeps a short icon and replaces an over-long one with the default letter; every record reads back', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    const text = await encryptBackup([account('JBSWY3DPEHPK3PXP', 'Short', '🔑'), account('GEZDGNBVGY3TQOJQ', 'Long', 'A'.repeat(5000))], 'backup pw', 100_000);
    expect(await bg.send({ type: 'accounts.import', fileName: 'twofold-backup.json', data: { kind: 'text', text }, password: 'backup pw' })).toEqual({
      imported: 2,
      skipped: [],
    });
    const { accounts, corrupted } = await bg.send({ type: 'accounts.list' });
    expect(corrupted).toEqual([]);
    expect(accounts.map((a) => [a.issuer, a.icon, a.sites])).toEqual([
      ['Short', '🔑', ['example.com']],
      ['Long', 'L', ['example.com']],
    ]);
  });
});
