// README: the vault auto-locks "and on browser restart". The unwrapped key lives only in
// storage.session (emptied when the browser quits) and runtime.onStartup clears it as well; this
// restarts Chromium on the same profile and checks the vault comes back locked, with its data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchChromiumWithExtension, message } from './helpers/extension';

const PASSPHRASE = 'correct horse battery staple 42';

describe.skipIf(!hasBrowser('chromium'))('vault across a browser restart (Chromium)', () => {
  const profile = mkdtempSync(join(tmpdir(), 'twofold-restart-'));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('is locked after the restart, and unlocks to the same accounts', async () => {
    const first = await launchChromiumWithExtension({ profile });
    try {
      const popup = await first.newPage();
      await popup.open('popup.html');
      await message(popup, { type: 'vault.create', passphrase: PASSPHRASE });
      await message(popup, { type: 'accounts.addUri', uri: 'otpauth://totp/Example:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example' });
      expect(await message<{ state: string }>(popup, { type: 'vault.status' })).toMatchObject({ state: 'unlocked' });
    } finally {
      await first.close();
    }

    const second = await launchChromiumWithExtension({ profile });
    try {
      const popup = await second.newPage();
      await popup.open('popup.html');
      expect(await message<{ state: string }>(popup, { type: 'vault.status' })).toMatchObject({ state: 'locked' });
      await expect(message(popup, { type: 'accounts.list' })).rejects.toThrow();
      await message(popup, { type: 'vault.unlock', passphrase: PASSPHRASE });
      const { accounts } = await message<{ accounts: { issuer: string }[] }>(popup, { type: 'accounts.list' });
      expect(accounts.map((a) => a.issuer)).toEqual(['Example']);
    } finally {
      await second.close();
    }
  });
});
