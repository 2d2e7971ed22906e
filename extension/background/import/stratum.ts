/**
 * Stratum (formerly Authenticator Pro) unencrypted backup: `{ Authenticators: [{ Type, Issuer,
 * Username, Secret, Algorithm, Digits, Period, Counter }] }` with Type 1 HOTP, 2 TOTP, 3 mOTP,
 * 4 Steam, 5 Yandex and Algorithm 0 SHA1, 1 SHA256, 2 SHA512
 * (https://github.com/stratumauth/app/blob/master/doc/BACKUP_FORMAT.md). Encrypted Stratum backups
 * are recognised in unsupported.ts.
 */
import * as v from 'valibot';
import { makeAccount, type OtpAlgorithm } from '../../account';
import { convertEntries, describeEntry, isRecord, parseEntry, parseFileShape } from './entries';
import { UnsupportedEntryError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Stratum';
const TYPES: Record<number, string> = { 1: 'HOTP', 2: 'TOTP', 3: 'mOTP', 4: 'Steam', 5: 'Yandex' };
const ALGORITHMS: Record<number, OtpAlgorithm> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' };
const FileShape = v.object({ Authenticators: v.array(v.unknown()) });
const Entry = v.object({
  Type: v.number(),
  Issuer: v.optional(v.nullable(v.string()), ''),
  Username: v.optional(v.nullable(v.string()), ''),
  Secret: v.string(),
  Algorithm: v.optional(v.number(), 0),
  Digits: v.optional(v.number()),
  Period: v.optional(v.number()),
  Counter: v.optional(v.number()),
});

/** Stratum / Authenticator Pro plain backup importer. */
export const stratumImporter: Importer = {
  id: 'stratum',
  name: FORMAT,
  detect: (input) => isRecord(input.json) && Array.isArray(input.json.Authenticators),
  async read(input): Promise<ImportResult> {
    const file = parseFileShape(FileShape, input.json, FORMAT);
    return convertEntries(
      file.Authenticators,
      (e, i) => (isRecord(e) ? describeEntry(i, e.Issuer, e.Username) : `#${i + 1}`),
      (raw) => {
        const entry = parseEntry(Entry, raw);
        const type = TYPES[entry.Type];
        if (type === 'Steam')
          return makeAccount({ type: 'totp', encoder: 'steam', secret: entry.Secret, issuer: entry.Issuer ?? '', label: entry.Username ?? '' });
        if (type !== 'HOTP' && type !== 'TOTP')
          throw new UnsupportedEntryError(`The entry is of type ${type ?? `#${entry.Type}`}; Twofold supports TOTP, HOTP and Steam.`);
        const algorithm = ALGORITHMS[entry.Algorithm];
        if (algorithm === undefined) throw new UnsupportedEntryError(`The entry uses an unknown algorithm (code ${entry.Algorithm}).`);
        return makeAccount({
          type: type === 'HOTP' ? 'hotp' : 'totp',
          secret: entry.Secret,
          algorithm,
          digits: entry.Digits,
          period: entry.Period,
          counter: entry.Counter,
          issuer: entry.Issuer ?? '',
          label: entry.Username ?? '',
        });
      },
    );
  },
};
