/**
 * Reading a text of URIs, one per line: `otpauth://` URIs (a plain list, as Aegis, Ente, andOTP and
 * many others export) and Google's `otpauth-migration://` URLs, mixed freely. Blank lines and
 * `#` comments are ignored. A bad `otpauth://` line is skipped with its reason; a bad migration URL
 * fails the import, because it stands for a whole QR code of accounts.
 */
import { parseOtpauthUri } from '../../otpauth';
import { CorruptFileError } from './errors';
import { checkBatches, decodeMigrationUri, type MigrationBatch } from './google-migration';
import { mergeResults } from './entries';
import type { ImportResult } from './types';

/** Splits text into trimmed lines (any line ending, BOM removed). */
export function textLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim());
}

/** True when some line starts with a scheme this reader handles. */
export function hasUriLine(text: string, scheme: 'otpauth' | 'otpauth-migration'): boolean {
  return textLines(text).some((line) => line.toLowerCase().startsWith(`${scheme}://`));
}

/** Reads every line, keeping the file's order; `format` names the file type in error messages. */
export function readUriLines(text: string, format: string): ImportResult {
  const parts: (ImportResult | MigrationBatch)[] = [];
  textLines(text).forEach((line, index) => {
    const where = `line ${index + 1}`;
    const lower = line.toLowerCase();
    if (line === '' || line.startsWith('#')) return;
    if (lower.startsWith('otpauth-migration://')) {
      parts.push(decodeMigrationUri(line, where));
    } else if (lower.startsWith('otpauth://')) {
      try {
        parts.push({ accounts: [parseOtpauthUri(line)], skipped: [] });
      } catch (error) {
        parts.push({ accounts: [], skipped: [{ entry: where, reason: error instanceof Error ? error.message : String(error) }] });
      }
    } else if (lower.includes('otpauth-migration://')) {
      throw new CorruptFileError(format, `${where} has text before "otpauth-migration://"; each line must start with the URL`);
    } else {
      const reason = lower.includes('otpauth://')
        ? 'The line has text before "otpauth://"; expected the line to start with the URI.'
        : 'The line is not an otpauth:// URI.';
      parts.push({ accounts: [], skipped: [{ entry: where, reason }] });
    }
  });
  if (parts.length === 0) throw new CorruptFileError(format, 'it contains no otpauth URIs');
  const kept = new Set(checkBatches(parts.filter((p): p is MigrationBatch => 'batchId' in p)));
  return mergeResults(parts.flatMap((p) => ('batchId' in p ? (kept.has(p) ? [p.result] : []) : [p])));
}
