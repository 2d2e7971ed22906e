/**
 * Proton Authenticator export: `{ version: 1, entries: [{ content: { uri: "otpauth://...",
 * entry_type: "Totp" | "Steam", name } }] }`. Each URI goes through the otpauth parser.
 */
import * as v from 'valibot';
import { makeAccount } from '../../account';
import { parseOtpauthUri } from '../../otpauth';
import { convertEntries, describeEntry, isRecord, parseEntry, parseFileShape } from './entries';
import { UnsupportedFormatError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Proton Authenticator';
const FileShape = v.object({ version: v.number(), entries: v.array(v.unknown()) });
const Entry = v.object({ content: v.object({ uri: v.string(), entry_type: v.optional(v.string(), 'Totp'), name: v.optional(v.nullable(v.string()), '') }) });

/** Proton Authenticator (unencrypted) export importer. */
export const protonImporter: Importer = {
  id: 'proton',
  name: FORMAT,
  detect: (input) =>
    isRecord(input.json) &&
    typeof input.json.version === 'number' &&
    (Array.isArray(input.json.entries) ? input.json.entries.every((e) => isRecord(e) && isRecord(e.content)) : 'salt' in input.json && 'content' in input.json),
  async read(input): Promise<ImportResult> {
    if (isRecord(input.json) && !Array.isArray(input.json.entries)) {
      throw new UnsupportedFormatError(
        'password-protected Proton Authenticator',
        'Export again from Proton Authenticator without a password, import it, then delete the file.',
      );
    }
    const file = parseFileShape(FileShape, input.json, FORMAT);
    return convertEntries(
      file.entries,
      (e, i) => (isRecord(e) && isRecord(e.content) ? describeEntry(i, undefined, e.content.name) : `#${i + 1}`),
      (raw) => {
        const entry = parseEntry(Entry, raw);
        const uri = entry.content.uri.trim();
        if (entry.content.entry_type.toLowerCase() === 'steam') {
          // Proton writes Steam entries as steam://SECRET; an otpauth URI is accepted too.
          const secret = /^steam:\/\//i.test(uri) ? uri.slice('steam://'.length) : parseOtpauthUri(uri).secret;
          return makeAccount({ type: 'totp', encoder: 'steam', secret, issuer: 'Steam', label: entry.content.name ?? '' });
        }
        const account = parseOtpauthUri(uri);
        return { ...account, label: account.label || (entry.content.name ?? '').trim() };
      },
    );
  },
};
