// Issue 17: pin, drag order and tags are sealed in the vault entries, so they come back after a
// browser restart, here in Firefox ESR: the same checks as authenticator-restart-chromium. A
// temporary add-on (how the other Firefox tests load dist/firefox) is uninstalled at shutdown, so
// this file gives Firefox a profile directory of its own with the packed build
// (dist/twofold-firefox.zip) installed permanently in it, as a user's install is, and starts
// Firefox twice on that profile: the second start loads the add-on from the profile with the same
// UUID and storage, and the vault must be locked until the passphrase is given again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rowLabels } from './helpers/authenticator-journey';
import { hasBrowser, launchFirefoxWithExtension, message } from './helpers/extension';

const PASSPHRASE = 'order across a restart 17';

describe.skipIf(!hasBrowser('firefox'))('order and tags across a browser restart (Firefox)', () => {
  const profile = mkdtempSync(join(tmpdir(), 'twofold-order-restart-firefox-'));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('pinned, moved and tagged accounts come back the same after the restart and unlock', async () => {
    const first = await launchFirefoxWithExtension({ profile });
    const origin = first.origin;
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

    const second = await launchFirefoxWithExtension({ profile });
    try {
      // The same add-on instance (origin), not a fresh install that happens to be empty.
      expect(second.origin).toBe(origin);
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
