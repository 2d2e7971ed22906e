/** Handlers that move accounts in and out: import a file, scan a QR code, export (encrypted or plain). */
import { findQrText } from '../qr-scan';
import { TwofoldError } from '../../../sdk/protocol/errors';
import { accountIdentity, type Account } from '../../account';
import { formatOtpauthUri, parseOtpauthUri } from '../../otpauth';
import { encryptBackup, type BackupAccount } from '../backup';
import { fromBase64 } from '../crypto';
import type { HandlerMap } from '../router';
import { normaliseSites } from '../sites';
import { MAX_ICON_LENGTH, readEntries, writeEntries, type VaultEntry } from '../vault';
import type { BackgroundDeps } from './deps';
import { newEntry, requireKey, requireKeyAgain, toView } from './common';
import { recordBackup } from '../../backup-reminder';

type TransferHandlers = Pick<HandlerMap, 'accounts.import' | 'accounts.scanQr' | 'accounts.exportBackup' | 'accounts.exportUris'>;

const stamp = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 10);

/** The transfer handlers over `deps`. */
export function transferHandlers(deps: BackgroundDeps): TransferHandlers {
  return {
    async 'accounts.import'(request) {
      const key = await requireKey(deps);
      let data: string | Uint8Array;
      try {
        data = request.data.kind === 'text' ? request.data.text : fromBase64(request.data.base64);
      } catch (cause) {
        throw new TwofoldError('invalid_file', 'The file could not be read (bad encoding).', { cause });
      }
      // importAccounts recognises every format, Twofold's own backup included (its accounts keep `sites` and `icon`).
      const { accounts, skipped } = await deps.importAccounts(request.fileName, data, request.password);
      const { entries: existing } = await readEntries(deps.storage, key);
      const known = new Set(existing.map((e) => accountIdentity(e.account)));
      const now = deps.now();
      const fresh: VaultEntry[] = [];
      accounts.forEach((imported, index) => {
        const { sites, icon, ...account } = imported as BackupAccount;
        const identity = accountIdentity(account as Account);
        if (known.has(identity)) {
          skipped.push({ entry: [account.issuer, account.label].filter(Boolean).join(' ') || `#${index + 1}`, reason: 'Already in the vault.' });
          return;
        }
        known.add(identity);
        // A backup's icon is file content: one the vault cannot hold falls back to the default letter.
        const keptIcon = icon && icon.length <= MAX_ICON_LENGTH ? { icon } : {};
        fresh.push(newEntry(account as Account, now + index, { ...(sites ? { sites: normaliseSites(sites).sites } : {}), ...keptIcon }));
      });
      // One transaction: every new account is stored, or (on failure) none.
      await writeEntries(deps.storage, key, fresh);
      return { imported: fresh.length, skipped };
    },
    async 'accounts.scanQr'(request, context) {
      const key = await requireKey(deps);
      // On screen first, then the page's own QR images (a code cut off at the fold still scans).
      const found = await findQrText(deps, request.windowId ?? context.sender.tab?.windowId);
      const entry = newEntry(parseOtpauthUri(found.text), deps.now(), found.pageUrl ? { pageUrl: found.pageUrl } : {});
      await writeEntries(deps.storage, key, [entry]);
      return { account: await toView(entry, deps.now()) };
    },
    async 'accounts.exportBackup'(request) {
      const key = await requireKeyAgain(deps, request.passphrase);
      const { entries } = await readEntries(deps.storage, key);
      const accounts: BackupAccount[] = entries.map((e) => ({ ...e.account, sites: e.sites, icon: e.icon }));
      const text = await encryptBackup(accounts, request.password, deps.kdfIterations);
      await recordBackup(deps.local, deps.now()); // the popup's backup reminder
      return { fileName: `twofold-backup-${stamp(deps.now())}.json`, text };
    },
    async 'accounts.exportUris'(request) {
      const key = await requireKeyAgain(deps, request.passphrase);
      const { entries } = await readEntries(deps.storage, key);
      const text = entries.map((e) => formatOtpauthUri(e.account)).join('\n') + (entries.length ? '\n' : '');
      return { fileName: `twofold-otpauth-UNENCRYPTED-${stamp(deps.now())}.txt`, text };
    },
  };
}
