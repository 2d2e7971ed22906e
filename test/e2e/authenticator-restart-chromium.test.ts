// Issue 17: pin, drag order and tags are sealed in the vault entries, so they come back after a
// browser restart (Chromium on the same profile; the vault is locked after the restart and the
// popup shows the same order once unlocked). The same checks in Firefox: authenticator-restart-firefox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rowLabels } from './helpers/authenticator-journey';
import { hasBrowser, launchChromiumWithExtension, message } from './helpers/extension';

const PASSPHRASE = 'order across a restart 17';

describe.skipIf(!hasBrowser('chromium'))('order and tags across a browser restart (Chromium)', () => {
  const profile = mkdtempSync(join(tmpdir(), 'twofold-order-restart-'));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('pinned, moved and tagged accounts come back the same after the restart and unlock', async () => {
    const first = await launchChromiumWithExtension({ profile });
    try {
      const popup = await first.newPage();
      await popup.open('popup.html');
      await message(popup, { type: 'vault.create', passphrase: PASSPHRASE });
      const ids: string[] = [];
      for (const issuer of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
        ids.push(
          (
            await message<{ account: { id: string } }>(popup, {
              type: 'accounts.addUri',
              uri: `otpauth://totp/${issuer}:${issuer.toLowerCase()}?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}`,
            })
          ).account.id,
        );
      }
      const [alpha, bravo, charlie, delta] = ids as [string, string, string, string];
      await message(popup, { type: 'accounts.update', id: charlie, pinned: true, tags: ['work'] });
      await message(popup, { type: 'accounts.update', id: alpha, tags: ['work', 'home'] });
      await message(popup, { type: 'accounts.reorder', ids: [delta, bravo, alpha, charlie] });
    } finally {
      await first.close();
    }

    const second = await launchChromiumWithExtension({ profile });
    try {
      const popup = await second.newPage();
      await popup.open('popup.html');
      expect(await message<{ state: string }>(popup, { type: 'vault.status' })).toMatchObject({ state: 'locked' });
      await message(popup, { type: 'vault.unlock', passphrase: PASSPHRASE });
      await popup.open('popup.html');
      await popup.waitFor('.tag[data-tag="work"]');
      expect(await popup.evaluate(rowLabels, undefined)).toEqual(['charlie', 'delta', 'bravo', 'alpha']);
      expect(await popup.text('.account[data-pinned="true"] .label')).toBe('charlie');
      await popup.click('.tag[data-tag="work"]');
      await popup.waitFor('.tag[data-tag="work"][aria-pressed="true"]');
      expect(await popup.evaluate(rowLabels, undefined)).toEqual(['charlie', 'alpha']);
    } finally {
      await second.close();
    }
  });
});
