/**
 * The import boundary of the extension (a contract: the background router and tests call it).
 * `importAccounts` recognises the format from the content — the file name is only a hint for
 * formats without a signature — and either resolves with every importable account plus the
 * entries it skipped (with reasons), or rejects with a typed TwofoldError and imports nothing:
 * `password_required`, `wrong_password`, `corrupt_file`, `unsupported_format`,
 * `unrecognised_format`, `file_too_large`. Secrets never appear in messages or logs.
 *
 * Supported (registry.ts): Twofold backup, Aegis (plain/encrypted), 2FAS (schema 1–4, plain/
 * encrypted), Bitwarden JSON (plain/password-protected) and CSV, FreeOTP+ JSON and FreeOTP XML,
 * Proton Authenticator, Stratum (plain), andOTP (plain/encrypted, current and old layout), Google
 * Authenticator `otpauth-migration://` exports, plain otpauth:// lists (incl. Ente plain text),
 * Steam Guard maFiles, Battle.net Authenticator preferences. Steam Guard entries inside any of
 * them become Steam accounts (`encoder: 'steam'`).
 * Recognised but refused with advice (unsupported.ts): Authy, TOTP Authenticator, Duo, encrypted
 * Ente/Stratum, ZIP archives, app databases. Yandex, mOTP and MD5 entries are skipped with a reason.
 */
import { TwofoldError } from '../../../sdk/protocol/errors';
import { decodeUtf8 } from './crypto';
import { CorruptFileError, UnrecognisedFormatError, UnsupportedFormatError } from './errors';
import { importers } from './registry';
import type { ImportInput, ImportResult } from './types';
import { unsupportedFormats } from './unsupported';

// Re-exported so callers can type results, branch on error classes and list the formats.
export type { ImportInput, ImportResult, SkippedEntry, Importer } from './types';
export * from './errors';
export { importers } from './registry';
export { unsupportedFormats } from './unsupported';

/** Largest file accepted (real exports are kilobytes; this bounds memory and parse time). */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** Decodes a file once into what every importer's detect/read sees (exported so tests can drive one importer by name). */
export function toInput(fileName: string, data: string | Uint8Array): ImportInput {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > MAX_IMPORT_BYTES) {
    throw new TwofoldError(
      'file_too_large',
      `The file is ${(size / 1048576).toFixed(1)} MB; exports of authenticator apps are far smaller (limit ${MAX_IMPORT_BYTES / 1048576} MB).`,
      { status: 413 },
    );
  }
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const decoded = typeof data === 'string' ? data : decodeText(data);
  const text = decoded?.replace(/^\uFEFF/, '');
  let json: unknown;
  const trimmed = text?.trim() ?? '';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
  }
  return { fileName: typeof fileName === 'string' ? fileName : '', bytes, text, json };
}

/** UTF-8, or UTF-16 when the file starts with its byte-order mark (Windows editors save lists so). */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return decodeUtf8(bytes);
}

function describeInput(input: ImportInput): string {
  if (input.bytes.length === 0 || input.text?.trim() === '') return 'an empty file';
  if (input.json !== undefined) return 'this JSON file';
  if (input.text === undefined) return 'this binary file';
  const lines = input.text.split(/\r?\n/).map((line) => line.trim());
  return lines.every((line) => line === '' || line.startsWith('#')) ? 'this file (it holds only comments)' : 'this text file';
}

/**
 * Imports accounts from an export file of another authenticator app (or a Twofold backup).
 * Resolves with `{ accounts, skipped }`; rejects with a typed TwofoldError for whole-file failures.
 */
export async function importAccounts(fileName: string, data: string | Uint8Array, password?: string): Promise<ImportResult> {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new TwofoldError('invalid_input', 'Expected the file content as text or bytes.');
  const input = toInput(fileName, data);
  const importer = importers.find((candidate) => candidate.detect(input));
  if (importer === undefined) {
    const unsupported = unsupportedFormats.find((format) => format.detect(input));
    if (unsupported) throw new UnsupportedFormatError(unsupported.name, unsupported.advice);
    if (input.json === undefined && /^\s*[[{]/.test(input.text ?? '')) {
      throw new CorruptFileError('JSON', 'it is not valid JSON (the file may be truncated or edited)');
    }
    throw new UnrecognisedFormatError(describeInput(input));
  }
  try {
    const result = await importer.read(input, password);
    return { accounts: result.accounts, skipped: result.skipped };
  } catch (error) {
    if (error instanceof TwofoldError) throw error;
    // An unexpected shape deep in a file must still surface as a typed error, never a crash. The
    // original error is not attached: its message could quote file content, i.e. a secret.
    throw new CorruptFileError(importer.name, `its content could not be read (${error instanceof Error ? error.name : 'error'})`);
  }
}
