/**
 * Steam Desktop Authenticator `.maFile` (one account: `{ shared_secret, account_name, ... }`) and
 * the multi-account form `{ accounts: { <id>: { ... } } }`. `shared_secret` is the base64 key of
 * the Steam Guard codes; the other secrets (identity_secret, revocation_code) are for trade
 * confirmations and recovery, which an authenticator for sign-in codes does not need, so they are
 * not kept.
 */
import * as v from 'valibot';
import { bytesToSecret, makeAccount, type Account } from '../../account';
import { decodeBase64 } from './crypto';
import { MalformedEntryError, convertEntries, describeEntry, isRecord, parseEntry } from './entries';
import type { ImportResult, Importer } from './types';

const Entry = v.object({
  shared_secret: v.string(),
  account_name: v.optional(v.nullable(v.string()), ''),
});

function toAccount(raw: unknown): Account {
  const entry = parseEntry(Entry, raw);
  const key = decodeBase64(entry.shared_secret.trim());
  if (key === undefined || key.length === 0) throw new MalformedEntryError('shared_secret is not base64');
  return makeAccount({ type: 'totp', encoder: 'steam', secret: bytesToSecret(key), issuer: 'Steam', label: entry.account_name ?? '' });
}

function entriesOf(json: unknown): unknown[] {
  if (!isRecord(json)) return [];
  if ('shared_secret' in json) return [json];
  return isRecord(json.accounts) ? Object.values(json.accounts) : [];
}

/** Steam Guard maFile importer. */
export const steamMaFileImporter: Importer = {
  id: 'steam',
  name: 'Steam Guard (maFile)',
  detect: (input) => entriesOf(input.json).some((entry) => isRecord(entry) && 'shared_secret' in entry),
  async read(input): Promise<ImportResult> {
    return convertEntries(entriesOf(input.json), (e, i) => (isRecord(e) ? describeEntry(i, 'Steam', e.account_name) : `#${i + 1}`), toAccount);
  },
};
