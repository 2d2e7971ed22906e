/**
 * Bitwarden unencrypted JSON export: `{ encrypted: false, items: [{ type: 1, name, login: { username,
 * totp } }] }`. `login.totp` is an otpauth URI, a bare base32 secret (TOTP, defaults) or
 * `steam://SECRET` (Steam Guard). Items without `totp` are plain passwords and are ignored.
 * Password-protected exports are decrypted (bitwarden-protected.ts); account-restricted ones can
 * only be opened by Bitwarden itself and get a clear error.
 */
import * as v from 'valibot';
import { makeAccount, type Account } from '../../account';
import { parseOtpauthUri } from '../../otpauth';
import { convertEntries, describeEntry, isRecord, parseEntry, parseFileShape } from './entries';
import { decryptProtectedExport } from './bitwarden-protected';
import { UnsupportedFormatError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Bitwarden';

const FileShape = v.object({ encrypted: v.optional(v.boolean(), false), items: v.optional(v.array(v.unknown()), []) });
const Item = v.object({
  name: v.optional(v.nullable(v.string()), ''),
  login: v.object({ username: v.optional(v.nullable(v.string()), ''), totp: v.string() }),
});

/** Converts one Bitwarden `totp` value plus the item's name and user name (shared with the CSV reader). */
export function bitwardenTotpToAccount(totp: string, itemName: string, username: string): Account {
  const value = totp.trim();
  if (/^steam:\/\//i.test(value))
    return makeAccount({ type: 'totp', encoder: 'steam', secret: value.slice('steam://'.length), issuer: itemName, label: username });
  if (/^otpauth:\/\//i.test(value)) {
    const account = parseOtpauthUri(value);
    return { ...account, issuer: account.issuer || itemName.trim(), label: account.label || username.trim() };
  }
  return makeAccount({ type: 'totp', secret: value, issuer: itemName, label: username });
}

function hasTotp(item: unknown): boolean {
  return isRecord(item) && isRecord(item.login) && typeof item.login.totp === 'string' && item.login.totp.trim() !== '';
}

/** Bitwarden JSON export importer. */
export const bitwardenJsonImporter: Importer = {
  id: 'bitwarden-json',
  name: FORMAT,
  detect: (input) => isRecord(input.json) && 'encrypted' in input.json && ('items' in input.json || 'passwordProtected' in input.json),
  async read(input, password): Promise<ImportResult> {
    let file = parseFileShape(FileShape, input.json, FORMAT);
    if (file.encrypted && isRecord(input.json) && input.json.passwordProtected === true) {
      file = parseFileShape(FileShape, await decryptProtectedExport(input.json, password), FORMAT);
    }
    if (file.encrypted) {
      throw new UnsupportedFormatError(
        'account-restricted encrypted Bitwarden',
        'Only Bitwarden itself can open such a file. Export again as "JSON" or as a password-protected "JSON (Encrypted)".',
      );
    }
    return convertEntries(
      file.items.filter(hasTotp),
      (item, i) => (isRecord(item) ? describeEntry(i, item.name, isRecord(item.login) ? item.login.username : undefined) : `#${i + 1}`),
      (raw) => {
        const item = parseEntry(Item, raw);
        return bitwardenTotpToAccount(item.login.totp, item.name ?? '', item.login.username ?? '');
      },
    );
  },
};
