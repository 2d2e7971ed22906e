// RFC 4226 (HOTP) and RFC 6238 (TOTP, SHA1/SHA256/SHA512) published vectors through the extension's
// own code path: otpauth URI → parseOtpauthUri → Account → totpCode/hotpCode (otplib underneath).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../extension/account';
import { hotpCode, totpCode } from '../../../extension/background/otp';
import { parseOtpauthUri } from '../../../extension/otpauth';

interface Vectors {
  rfc4226_hotp: { secret_base32: string; digits: number; vectors: { counter: number; hotp: string }[] };
  rfc6238_totp: {
    period: number;
    digits: number;
    seeds: Record<'SHA1' | 'SHA256' | 'SHA512', { base32: string }>;
    vectors: ({ unix_time: number } & Record<'SHA1' | 'SHA256' | 'SHA512', string>)[];
  };
}
const vectors = JSON.parse(readFileSync('/work/shared/fixtures/otp/rfc/rfc4226_rfc6238_vectors.json', 'utf8')) as Vectors;

describe('RFC 4226 HOTP vectors', () => {
  const hotp = vectors.rfc4226_hotp;
  const account = parseOtpauthUri(`otpauth://hotp/RFC4226:test?secret=${hotp.secret_base32}&digits=${hotp.digits}&counter=0`);
  it.each(hotp.vectors)('counter $counter → $hotp', async ({ counter, hotp: expected }) => {
    expect(await hotpCode(account, counter)).toBe(expected);
  });
  it('has all ten published values', () => expect(hotp.vectors).toHaveLength(10));
});

describe('RFC 6238 TOTP vectors', () => {
  const totp = vectors.rfc6238_totp;
  for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
    const account = parseOtpauthUri(
      `otpauth://totp/RFC6238:${algorithm}?secret=${totp.seeds[algorithm].base32}&algorithm=${algorithm}&digits=${totp.digits}&period=${totp.period}`,
    );
    it.each(totp.vectors)(`${algorithm} at $unix_time`, async (vector) => {
      const result = await totpCode(account, vector.unix_time * 1000);
      expect(result.code).toBe(vector[algorithm]);
      expect(result.validUntil).toBe((Math.floor(vector.unix_time / totp.period) + 1) * totp.period * 1000);
    });
  }
});

describe('code parameters', () => {
  it('honours 6, 7 and 8 digits and a non-default period', async () => {
    const base = { type: 'totp' as const, secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1' as const };
    expect((await totpCode(makeAccount({ ...base, digits: 8 }), 59_000)).code).toBe('94287082');
    expect((await totpCode(makeAccount({ ...base, digits: 7 }), 59_000)).code).toBe('4287082');
    expect((await totpCode(makeAccount({ ...base, digits: 6 }), 59_000)).code).toBe('287082');
    // period 60: t=59 is step 0, whose HOTP value is the RFC 4226 counter-0 code.
    const slow = await totpCode(makeAccount({ ...base, digits: 6, period: 60 }), 59_000);
    expect(slow).toEqual({ code: '755224', validUntil: 60_000 });
  });
  it('accepts the common 10-byte secrets that otplib refuses by default', async () => {
    const short = makeAccount({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP' });
    expect((await totpCode(short, 0)).code).toMatch(/^\d{6}$/);
  });
});
