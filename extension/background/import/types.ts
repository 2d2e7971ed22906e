/**
 * The shapes every importer shares. An importer is a small object in the registry: `detect` looks
 * at the content (never only the file name), `read` turns it into accounts plus skipped entries.
 */
import type { Account } from '../../account';

/** An entry an importer could not turn into an account, and why (never contains the secret). */
export interface SkippedEntry {
  entry: string;
  reason: string;
}

/** What `importAccounts` resolves to. */
export interface ImportResult {
  accounts: Account[];
  skipped: SkippedEntry[];
}

/** The file as every importer sees it, decoded once by the entry point. */
export interface ImportInput {
  /** The file name, a hint only (content decides the format). */
  fileName: string;
  bytes: Uint8Array;
  /** The content as UTF-8 text, or undefined when it is not valid UTF-8. */
  text: string | undefined;
  /** The parsed JSON value, or undefined when the text is not JSON. */
  json: unknown;
}

/** One supported format. */
export interface Importer {
  /** Stable id, e.g. `aegis`. */
  id: string;
  /** The app's name as users know it, used in messages. */
  name: string;
  /** True when the content is this format (cheap, no decryption). */
  detect(input: ImportInput): boolean;
  /** Reads the file; rejects with a typed error for whole-file failures. */
  read(input: ImportInput, password: string | undefined): Promise<ImportResult>;
}

/** A format recognised only to explain that it is not supported. */
export interface UnsupportedFormat {
  id: string;
  name: string;
  /** What the user can do instead. */
  advice: string;
  detect(input: ImportInput): boolean;
}
