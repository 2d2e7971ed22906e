/** Shared helpers for importer tests: where the public fixtures live and how to load them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** ../shared/fixtures/otp relative to the repository root. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/otp');

/** A fixture's bytes as the extension receives them from a file picker. */
export function fixtureBytes(folder: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, folder, name)));
}

/** A fixture as text. */
export function fixtureText(folder: string, name: string): string {
  return readFileSync(path.join(FIXTURES, folder, name), 'utf8');
}

/** One entry of aegis/_expected_vectors.json. */
export interface Vector {
  type: 'totp' | 'hotp' | 'steam';
  secret: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period?: number;
  counter?: number;
  name: string;
  issuer: string;
}

/** The expected vectors and passwords of the Aegis importer test resources. */
export const expected = JSON.parse(fixtureText('aegis', '_expected_vectors.json')) as { passwords: Record<string, string>; vectors: Vector[] };
