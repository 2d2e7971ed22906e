/**
 * Helpers shared by importers: per-entry conversion that turns entry-level failures into
 * `skipped` items, and small readers for untrusted JSON.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../../sdk/protocol/errors';
import type { Account } from '../../account';
import { CorruptFileError } from './errors';
import type { ImportResult } from './types';

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes an entry for the skipped list by its names only, never by its secret. */
export function describeEntry(index: number, issuer: unknown, label: unknown): string {
  const parts = [issuer, label].filter((part): part is string => typeof part === 'string' && part.trim() !== '').map((part) => part.trim().slice(0, 80));
  return parts.length > 0 ? `#${index + 1} ${parts.join(' / ')}` : `#${index + 1}`;
}

function issuesText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 4)
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Thrown inside `convert` when an entry does not have the expected shape. */
export class MalformedEntryError extends TwofoldError {
  constructor(problem: string) {
    super('malformed_entry', `The entry is malformed (${problem}).`);
    this.name = 'MalformedEntryError';
  }
}

/** Validates one entry against its schema, or throws MalformedEntryError (which becomes a skip). */
export function parseEntry<S extends v.GenericSchema>(schema: S, entry: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, entry);
  if (!result.success) throw new MalformedEntryError(issuesText(result.issues));
  return result.output;
}

/** Validates the file's outer shape, or throws CorruptFileError naming what is wrong. */
export function parseFileShape<S extends v.GenericSchema>(schema: S, value: unknown, format: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new CorruptFileError(format, `unexpected structure (${issuesText(result.issues)})`);
  return result.output;
}

/**
 * Converts every entry; an entry whose conversion throws a TwofoldError (bad secret, Steam, MD5,
 * malformed) is recorded in `skipped` with that error's message, so one bad entry never hides the rest.
 * Any other exception is a bug and propagates.
 */
export function convertEntries<T>(entries: readonly T[], describe: (entry: T, index: number) => string, convert: (entry: T) => Account): ImportResult {
  const result: ImportResult = { accounts: [], skipped: [] };
  entries.forEach((entry, index) => {
    let name: string;
    try {
      name = describe(entry, index);
    } catch {
      name = `#${index + 1}`;
    }
    try {
      result.accounts.push(convert(entry));
    } catch (error) {
      if (!(error instanceof TwofoldError)) throw error;
      result.skipped.push({ entry: name, reason: error.message });
    }
  });
  return result;
}

/** Concatenates results of several parts (batches, lines) of one file. */
export function mergeResults(parts: readonly ImportResult[]): ImportResult {
  return { accounts: parts.flatMap((p) => p.accounts), skipped: parts.flatMap((p) => p.skipped) };
}
