/**
 * Pin, drag order and tags are sealed in the vault entries, so they come back after a browser
 * restart: the first launch makes four accounts and pins, tags and reorders them; the second launch
 * on the same profile finds the vault locked and, once unlocked, the same order, pin and tag filter.
 * Shared by authenticator-restart-chromium and authenticator-restart-firefox (how each browser keeps
 * the profile and the extension across the restart is the caller's `launch`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { rowLabels } from './authenticator-journey';
import { type ExtensionBrowser, message } from './extension';

const PASSPHRASE = 'order across a restart 17';

/** Registers the restart case; `launch(profile)` starts the browser on that profile dir with the extension. */
export function orderAcrossRestart(name: string, launch: (profile: string) => Promise<ExtensionBrowser>): void {
  const profile = mkdtempSync(join(tmpdir(), `twofold-order-restart-${name}-`));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('pinned, moved and tagged accounts come back the same after the restart and unlock', async () => {
    const first = await launch(profile);
    const origin = first.origin;
    try {
      const popup = await first.newPage();
      await popup.open('popup.html');
      await message(popup, { type: 'vault.create', passphrase: PASSPHRASE });
      const ids: string[] = [];
      for (const issuer of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
        const uri = `otpauth://totp/${issuer}:${issuer.toLowerCase()}?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}`;
        ids.push((await message<{ account: { id: string } }>(popup, { type: 'accounts.addUri', uri })).account.id);
      }
      const [alpha, bravo, charlie, delta] = ids as [string, string, string, string];
      await message(popup, { type: 'accounts.update', id: charlie, pinned: true, tags: ['work'] });
      await message(popup, { type: 'accounts.update', id: alpha, tags: ['work', 'home'] });
      await message(popup, { type: 'accounts.reorder', ids: [delta, bravo, alpha, charlie] });
    } finally {
      await first.close();
    }

    const second = await launch(profile);
    try {
      // The same extension instance (origin), not a fresh install that happens to be empty.
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
}
