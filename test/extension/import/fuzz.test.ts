/**
 * Robustness: seeded random mutations of every fixture (byte flips, truncation, insertions, and
 * JSON-aware value swaps) through `importAccounts`. Every outcome must be either a result whose
 * accounts all satisfy AccountSchema, or a rejection with a TwofoldError carrying a code — never
 * an uncaught exception, a hang, or a half-import — and no message may quote a known secret.
 */
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { TwofoldError } from '../../../sdk/protocol/errors';
import { parseAccount } from '../../../extension/account';
import { importAccounts } from '../../../extension/background/import';
import { FIXTURES, expected, fixtureBytes } from './fixture-files';
import { encodePayload, migrationUrl } from './migration-payload';
import { mutate, prng, seedOf } from './mutations';

const MUTATIONS_PER_FILE = 40;
const SECRETS = [...expected.vectors.map((v) => v.secret), '7KSQL2JTUDIS5EF65KLMRQIIGY'];

function andOtpFile(password: string): Uint8Array {
  const salt = Buffer.alloc(12, 7);
  const iv = Buffer.alloc(12, 9);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(2000);
  const cipher = createCipheriv('aes-256-gcm', pbkdf2Sync(password, salt, 2000, 32, 'sha1'), iv);
  const plain = JSON.stringify([{ secret: SECRETS[0], issuer: 'Deno', label: 'Mason', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30 }]);
  return new Uint8Array(Buffer.concat([header, salt, iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]));
}

interface Sample {
  name: string;
  bytes: Uint8Array;
  password?: string;
}

const samples: Sample[] = [
  ...readdirSync(path.join(FIXTURES, 'aegis'))
    .filter((f) => !f.startsWith('_'))
    .map((f) => ({ name: f, bytes: fixtureBytes('aegis', f), password: /encrypted/.test(f) ? 'test' : undefined })),
  ...readdirSync(path.join(FIXTURES, 'extract_otp_secrets'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ name: f, bytes: fixtureBytes('extract_otp_secrets', f) })),
  { name: 'andotp-made.bin', bytes: andOtpFile('pw'), password: 'pw' },
  {
    name: 'migration-made.txt',
    bytes: new TextEncoder().encode(
      migrationUrl(encodePayload([{ secret: Uint8Array.of(1, 2, 3, 4, 5), name: 'n', algorithm: 3, digits: 2, type: 1, counter: 9 }], { size: 1 })),
    ),
  },
];

async function outcome(sample: Sample, bytes: Uint8Array, password: string | undefined): Promise<string> {
  try {
    const result = await importAccounts(sample.name, bytes, password);
    for (const account of result.accounts) parseAccount(account);
    for (const skip of result.skipped) {
      expect(typeof skip.entry).toBe('string');
      expect(typeof skip.reason).toBe('string');
      for (const secret of SECRETS) expect(skip.reason + skip.entry).not.toContain(secret.slice(0, 16));
    }
    return 'ok';
  } catch (error) {
    if (!(error instanceof TwofoldError)) throw new Error(`${sample.name}: untyped failure ${String(error)}`);
    expect(error.code).toMatch(/^[a-z_]+$/);
    for (const secret of SECRETS) expect(error.message).not.toContain(secret.slice(0, 16));
    return error.code;
  }
}

describe('seeded mutations of every fixture', () => {
  test.each(samples)('$name', async (sample) => {
    const next = prng(seedOf(sample.name));
    const seen = new Map<string, number>();
    for (let i = 0; i < MUTATIONS_PER_FILE; i++) {
      // Password-based KDFs are slow on purpose: try the password on a few mutations only.
      const password = sample.password !== undefined && i % 8 === 0 ? sample.password : undefined;
      const code = await outcome(sample, mutate(sample.bytes, next), password);
      seen.set(code, (seen.get(code) ?? 0) + 1);
    }
    if (process.env.FUZZ_DEBUG) console.log(sample.name, JSON.stringify([...seen]));
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(MUTATIONS_PER_FILE);
  });
});
