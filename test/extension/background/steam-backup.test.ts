// A Steam Guard account keeps its encoder through Twofold's own encrypted backup and through the
// importer that reads it back: otherwise a restore would turn it into a wrong 6-digit TOTP.
import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../extension/account';
import { decryptBackup, encryptBackup } from '../../../extension/background/backup';
import { importAccounts } from '../../../extension/background/import';

describe('Steam Guard in the Twofold backup', () => {
  it('round-trips encoder: steam through encrypt/decrypt and import', async () => {
    const steam = makeAccount({ type: 'totp', encoder: 'steam', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', label: 'Sophia' });
    const battle = makeAccount({ type: 'totp', secret: 'BMGRXPGFARQQF4GMT25JATL2VYLAHDBI', digits: 8, issuer: 'Battle.net', label: 'US-2211-2050-3346' });
    const text = await encryptBackup([steam, battle], 'backup password 17');
    expect((await decryptBackup(text, 'backup password 17')).accounts).toEqual([steam, battle]);
    const imported = await importAccounts('twofold-backup.json', text, 'backup password 17');
    expect(imported).toEqual({ accounts: [steam, battle], skipped: [] });
  });
});
