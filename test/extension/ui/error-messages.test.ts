// Background errors in the UI's language: Norwegian by code, English keeps the background's own
// (more specific) message, an unknown code falls back to it. Every error code the background and
// the shared account code can throw has a Norwegian text (scanned from the source, so a new code
// without one fails here).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localizedError, TRANSLATED_ERROR_CODES } from '../../../extension/ui/error-messages';
import { estimateBits, passwordStrength } from '../../../extension/ui/components/strength';

const EXTENSION = join(__dirname, '../../../extension');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'ui' || name === 'content' ? [] : sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('error messages in the UI language', () => {
  it('nb: by code; en: the background message; unknown code: the background message', () => {
    const message = 'That passphrase does not unlock this vault. Check it (it is case-sensitive) and try again.';
    expect(localizedError('wrong_passphrase', message, 'nb')).toMatch(/^Passordfrasen låser ikke opp hvelvet/);
    expect(localizedError('wrong_passphrase', message, 'en')).toBe(message);
    expect(localizedError('brand_new_code', 'Something new.', 'nb')).toBe('Something new.');
  });

  it('every error code the background can send has a Norwegian text', () => {
    const codes = new Set<string>();
    for (const file of sources(EXTENSION)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:TwofoldError|super)\(\s*'([a-z_]+)'/g)) codes.add(m[1]!);
      for (const m of text.matchAll(/code: '([a-z_]+)'/g)) codes.add(m[1]!);
      for (const m of text.matchAll(/'(vault_missing|vault_locked)'/g)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].filter((c) => !TRANSLATED_ERROR_CODES.includes(c));
    expect(missing).toEqual([]);
  });
});

describe('password strength hint', () => {
  it('short, single-class or run-like passwords are weak; long passphrases strong', () => {
    expect(passwordStrength('password')).toBe('weak');
    expect(passwordStrength('aaaaaaaaaaaaaaaa')).toBe('weak');
    expect(passwordStrength('abcdefghijklmnop')).toBe('weak');
    expect(passwordStrength('Tr0ub4dor&3')).toBe('fair');
    expect(passwordStrength('seven rabbits juggle quietly')).toBe('strong');
    expect(estimateBits('')).toBe(0);
  });
});

describe('reading an import file', () => {
  it('UTF-8 as text; binary as base64 (also past one 32 KB slice)', async () => {
    const { readFileForImport } = await import('../../../extension/ui/components/read-file');
    const file = (bytes: Uint8Array) => ({ arrayBuffer: async () => bytes.buffer }) as unknown as File;
    expect(await readFileForImport(file(new TextEncoder().encode('otpauth://totp/A?secret=B')))).toEqual({ kind: 'text', text: 'otpauth://totp/A?secret=B' });
    const binary = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7 + 255) % 256);
    const read = await readFileForImport(file(binary));
    expect(read).toEqual({ kind: 'base64', base64: Buffer.from(binary).toString('base64') });
  });
});
