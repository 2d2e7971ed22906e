/** The account model: secret normalisation, base32, defaults and validation. */
import { describe, expect, test } from 'vitest';
import {
  accountDisplayName,
  accountIconLetter,
  accountIdentity,
  bytesToSecret,
  makeAccount,
  normaliseSecret,
  parseAccount,
  parseAlgorithm,
  secretToBytes,
} from '../../extension/account';

describe('normaliseSecret', () => {
  test.each([
    ['jbsw y3dp ehpk 3pxp', 'JBSWY3DPEHPK3PXP'],
    ['JBSW-Y3DP-EHPK-3PXP', 'JBSWY3DPEHPK3PXP'],
    ['4SJHB4GSD43FZBAI7C2HLRJGPQ======', '4SJHB4GSD43FZBAI7C2HLRJGPQ'],
    ['  mzxw6ytboi\n', 'MZXW6YTBOI'],
  ])('%j → %s', (input, canonical) => {
    expect(normaliseSecret(input)).toBe(canonical);
  });

  test('names the position of a bad character and suggests the look-alike, without echoing the secret', () => {
    const error = (() => {
      try {
        normaliseSecret('JBSWY3DPEHPK3PX0');
      } catch (e) {
        return e as Error & { code: string };
      }
    })();
    expect(error?.code).toBe('invalid_secret');
    expect(error?.message).toMatch(/position 16/);
    expect(error?.message).toMatch(/did you mean O/);
    expect(error?.message).not.toContain('JBSWY3DP');
  });

  test.each([
    ['', /empty/],
    ['====', /empty/],
    ['ABC', /3 base32 characters/],
    ['A', /1 base32 characters/],
    ['AB=CD', /position 3.*padding/],
    ['ABCD!', /position 5/],
    ['A'.repeat(1032), /1032 characters long; at most 1024/],
  ])('rejects %j', (input, message) => {
    expect(() => normaliseSecret(input)).toThrow(message);
  });
});

describe('base32 bytes', () => {
  // RFC 4648 §10 test vectors (without padding).
  test.each([
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%s ↔ %s', (text, base32) => {
    const bytes = new TextEncoder().encode(text);
    expect(bytesToSecret(bytes)).toBe(base32);
    expect(secretToBytes(base32)).toEqual(bytes);
  });

  test('tolerates non-zero trailing bits like authenticator apps do', () => {
    expect(secretToBytes('MZ')).toEqual(Uint8Array.of(0x66));
  });

  test('zero bytes is not a secret', () => {
    expect(() => bytesToSecret(new Uint8Array(0))).toThrow(/empty/);
  });
});

describe('makeAccount / parseAccount', () => {
  test('fills Key Uri Format defaults and keeps only the field of its type', () => {
    expect(makeAccount({ type: 'totp', secret: 'jbswy3dpehpk3pxp', counter: 5, issuer: ' Acme ', label: ' me ' })).toEqual({
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: 'Acme',
      label: 'me',
    });
    expect(makeAccount({ type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', period: 60 })).toEqual({
      type: 'hotp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      counter: 0,
      issuer: '',
      label: '',
    });
  });

  test.each([
    [{ digits: 5 }, /digits must be 6–8/],
    [{ digits: 9 }, /digits must be 6–8/],
    [{ digits: 6.5 }, /whole number/],
    [{ period: 0 }, /at least 1 second/],
    [{ period: 100_000 }, /at most 86400/],
  ])('rejects %j', (fields, message) => {
    expect(() => makeAccount({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', ...fields })).toThrow(message);
  });

  test('rejects a negative HOTP counter', () => {
    expect(() => makeAccount({ type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', counter: -1 })).toThrow(/negative/);
  });

  test('parseAccount lists every problem with its path', () => {
    try {
      parseAccount({ type: 'steam', secret: 'abc', algorithm: 'MD5', digits: 6, period: 30, issuer: '', label: '' });
      expect.unreachable();
    } catch (error) {
      const { code, issues } = error as { code: string; issues: string[] };
      expect(code).toBe('invalid_account');
      expect(issues.some((i) => i.startsWith('type:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('secret:'))).toBe(true);
      expect(issues.some((i) => i.startsWith('algorithm:'))).toBe(true);
    }
  });

  test('a TOTP account with a counter (or HOTP with a period) is invalid', () => {
    const base = { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, issuer: '', label: '' };
    expect(() => parseAccount({ ...base, type: 'totp', period: 30, counter: 1 })).toThrow(/TOTP account needs a period and no counter/);
    expect(() => parseAccount({ ...base, type: 'hotp', counter: 1, period: 30 })).toThrow(/HOTP account needs a counter and no period/);
    expect(() => parseAccount({ ...base, type: 'totp' })).toThrow(/TOTP/);
  });
});

describe('helpers', () => {
  test.each([
    ['sha1', 'SHA1'],
    ['SHA-256', 'SHA256'],
    ['HmacSHA512', 'SHA512'],
    ['sha_256', 'SHA256'],
    ['MD5', undefined],
    [42, undefined],
  ])('parseAlgorithm(%j) = %j', (raw, algorithm) => {
    expect(parseAlgorithm(raw)).toBe(algorithm);
  });

  test('display name and icon letter', () => {
    expect(accountDisplayName({ issuer: 'GitHub', label: 'octocat' })).toBe('GitHub (octocat)');
    expect(accountDisplayName({ issuer: '', label: 'vpn' })).toBe('vpn');
    expect(accountDisplayName({ issuer: '', label: '' })).toBe('Unnamed account');
    expect(accountIconLetter({ issuer: 'ærlig', label: '' })).toBe('Æ');
    expect(accountIconLetter({ issuer: '', label: '' })).toBe('?');
  });

  test('identity ignores names but not key material or parameters', () => {
    const a = makeAccount({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', issuer: 'A', label: 'x' });
    expect(accountIdentity(a)).toBe(accountIdentity({ ...a, issuer: 'B', label: 'y' }));
    expect(accountIdentity(a)).not.toBe(accountIdentity({ ...a, digits: 8 }));
    expect(accountIdentity(a)).not.toBe(accountIdentity({ ...a, secret: 'JBSWY3DPEHPK3PXQ' }));
  });
});

describe('Steam Guard accounts', () => {
  test('makeAccount fixes Steam parameters whatever the source wrote', () => {
    expect(makeAccount({ type: 'totp', encoder: 'steam', secret: 'jbsw y3dp ehpk 3pxp', digits: 7, period: 60, algorithm: 'SHA256', label: 'me' })).toEqual({
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
      issuer: 'Steam',
      label: 'me',
      encoder: 'steam',
    });
  });
  test('5 digits without the Steam encoder, or a Steam account with other parameters, is invalid', () => {
    const base = { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', period: 30, issuer: '', label: '' };
    expect(() => parseAccount({ ...base, digits: 5 })).toThrow(/digits must be 6–8/);
    expect(() => parseAccount({ ...base, digits: 6, encoder: 'steam' })).toThrow(/Steam Guard account is TOTP with 5 characters/);
    expect(() => parseAccount({ ...base, digits: 5, encoder: 'yandex' })).toThrow(/encoder must be "steam"/);
    expect(parseAccount({ ...base, digits: 5, encoder: 'steam' })).toMatchObject({ encoder: 'steam', digits: 5 });
  });
  test('a Steam account and a TOTP account on the same key are different identities', () => {
    const steam = makeAccount({ type: 'totp', encoder: 'steam', secret: 'JBSWY3DPEHPK3PXP' });
    const totp = makeAccount({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP' });
    expect(accountIdentity(steam)).not.toBe(accountIdentity(totp));
  });
});
