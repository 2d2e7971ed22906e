/** otpauth:// URIs per Google's Key Uri Format: parsing, errors, formatting and round trips. */
import { generateURI } from 'otplib';
import { describe, expect, test } from 'vitest';
import type { Account } from '../../extension/account';
import { InvalidOtpauthError, formatOtpauthUri, parseOtpauthUri } from '../../extension/otpauth';
import { seededRandom as prng } from '../helpers/seeded-random';

describe('parseOtpauthUri', () => {
  test("Google's example with issuer prefix and parameter", () => {
    expect(parseOtpauthUri('otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example')).toEqual({
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: 'Example',
      label: 'alice@google.com',
    });
  });

  test('every parameter, URL-encoded names', () => {
    expect(
      parseOtpauthUri(
        'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA512&digits=8&period=60',
      ),
    ).toEqual({
      type: 'totp',
      secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
      algorithm: 'SHA512',
      digits: 8,
      period: 60,
      issuer: 'ACME Co',
      label: 'john.doe@email.com',
    });
  });

  test('an encoded colon with spaces separates the issuer prefix', () => {
    expect(parseOtpauthUri('otpauth://totp/ACME%20Co%3A%20%20john@example.com?secret=JBSWY3DPEHPK3PXP')).toMatchObject({
      issuer: 'ACME Co',
      label: 'john@example.com',
    });
  });

  test('the issuer parameter wins over a different prefix; "+" in a parameter is a space', () => {
    expect(parseOtpauthUri('otpauth://totp/Old:me?secret=JBSWY3DPEHPK3PXP&issuer=New+Name')).toMatchObject({ issuer: 'New Name', label: 'me' });
  });

  test('label only, no issuer', () => {
    expect(parseOtpauthUri('otpauth://totp/me%40host?secret=JBSWY3DPEHPK3PXP')).toMatchObject({ issuer: '', label: 'me@host' });
  });

  test('case-insensitive scheme, type and parameter names; lower-case padded secret; unknown parameters ignored', () => {
    expect(parseOtpauthUri('  OTPAUTH://TOTP/x?SECRET=jbswy3dpehpk3pxp%3D%3D&Algorithm=sha256&image=https%3A%2F%2Fe.test%2Fi.png  ')).toMatchObject({
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA256',
    });
  });

  test('HOTP: counter read, defaults to 0, and a period is ignored', () => {
    expect(parseOtpauthUri('otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=10300')).toMatchObject({ type: 'hotp', counter: 10300 });
    expect(parseOtpauthUri('otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&period=30')).toEqual({
      type: 'hotp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      counter: 0,
      issuer: '',
      label: 'x',
    });
  });

  test('the first of duplicated parameters wins', () => {
    expect(parseOtpauthUri('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=8&digits=6').digits).toBe(8);
  });
});

describe('errors say what was expected and what came', () => {
  test.each([
    ['https://example.com/?secret=JBSWY3DPEHPK3PXP', 'bad_scheme', /starting with "otpauth:\/\/totp\/".*"https:" URI/],
    ['otpauth-migration://offline?data=abc', 'bad_scheme', /Google Authenticator export: use Import/],
    ['', 'bad_scheme', /empty text/],
    ['otpauth://yaotp/Yandex:me?secret=JBSWY3DPEHPK3PXP', 'unsupported_type', /"totp", "hotp" or "steam", but got "yaotp"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&encoder=yandex', 'unsupported_encoder', /encoder=steam, but got "yandex"/],
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&encoder=steam', 'unsupported_encoder', /time-based/],
    ['otpauth://motp/x?secret=JBSWY3DPEHPK3PXP', 'unsupported_type', /got "motp"/],
    ['otpauth://totp/x?issuer=A', 'missing_secret', /no "secret" parameter/],
    ['otpauth://totp/x?secret=', 'missing_secret', /no "secret" parameter/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PX1', 'invalid_secret', /not valid base32.*position 16/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXPA', 'invalid_secret', /17 base32 characters/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5', 'unsupported_algorithm', /SHA1, SHA256 or SHA512, but got "MD5"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5', 'bad_digits', /digits must be a whole number from 6 to 8, but it is "5"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six', 'bad_digits', /"six"/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0', 'bad_period', /period \(seconds\) must be a whole number from 1/],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=-30', 'bad_period', /"-30"/],
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1.5', 'bad_counter', /counter must be a whole number/],
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=99999999999999999999', 'bad_counter', /counter/],
    ['otpauth://totp/%E0%A4%A?secret=JBSWY3DPEHPK3PXP', 'bad_encoding', /label has a broken %-escape/],
  ])('%s → %s', (uri, problem, message) => {
    let caught: unknown;
    try {
      parseOtpauthUri(uri);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOtpauthError);
    expect(caught).toMatchObject({ code: 'invalid_otpauth_uri', problem });
    expect((caught as Error).message).toMatch(message);
  });

  test('a secret never appears in an error message', () => {
    const secret = 'JBSWY3DPEHPK3PXPZZZZZZZZ1';
    expect(() => parseOtpauthUri(`otpauth://totp/x?secret=${secret}`)).toThrow(/position 25/);
    try {
      parseOtpauthUri(`otpauth://totp/x?secret=${secret}`);
    } catch (error) {
      expect((error as Error).message).not.toContain('JBSWY3DP');
    }
  });
});

const NAME_CHARS = ['a', 'Z', ' ', ':', '%', '&', '?', '#', '+', '=', '/', '@', 'æ', 'ø', 'å', '¿', '漢', '😀', '%3A', '.'];

function randomName(next: () => number): string {
  const length = Math.floor(next() * 12);
  return Array.from({ length }, () => NAME_CHARS[Math.floor(next() * NAME_CHARS.length)]!)
    .join('')
    .trim();
}

function randomAccount(next: () => number): Account {
  const secret = Array.from({ length: 16 + 8 * Math.floor(next() * 4) }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(next() * 32)]).join('');
  const common = {
    secret,
    algorithm: (['SHA1', 'SHA256', 'SHA512'] as const)[Math.floor(next() * 3)]!,
    digits: 6 + Math.floor(next() * 3),
    issuer: randomName(next),
    label: randomName(next),
  };
  return next() < 0.5 ? { type: 'totp', ...common, period: 1 + Math.floor(next() * 120) } : { type: 'hotp', ...common, counter: Math.floor(next() * 1e9) };
}

describe('formatOtpauthUri', () => {
  test('writes every parameter with the issuer both as prefix and parameter', () => {
    expect(formatOtpauthUri({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA256', digits: 8, period: 60, issuer: 'ACME Co', label: 'a:b@c' })).toBe(
      'otpauth://totp/ACME%20Co:a%3Ab%40c?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60',
    );
  });

  test('500 seeded random accounts (colons, %, &, #, emoji, empty names) round-trip exactly', () => {
    const next = prng(4711);
    for (let i = 0; i < 500; i++) {
      const account = randomAccount(next);
      expect(parseOtpauthUri(formatOtpauthUri(account))).toEqual(account);
    }
  });

  test("URIs written by otplib's generateURI parse to the same account", () => {
    const uri = generateURI({
      strategy: 'hotp',
      issuer: 'ACME Co',
      label: 'john@example.com',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'sha256',
      digits: 7,
      counter: 5,
    });
    expect(parseOtpauthUri(uri)).toEqual({
      type: 'hotp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA256',
      digits: 7,
      counter: 5,
      issuer: 'ACME Co',
      label: 'john@example.com',
    });
  });
});

describe('Steam Guard URIs', () => {
  const steam = {
    type: 'totp',
    secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI',
    algorithm: 'SHA1',
    digits: 5,
    period: 30,
    issuer: 'Steam',
    label: 'Sophia',
    encoder: 'steam',
  };
  test.each([
    'otpauth://totp/Steam:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam&encoder=steam',
    'otpauth://totp/Steam:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&encoder=Steam&digits=5',
    'otpauth://steam/Steam:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam&algorithm=SHA1&digits=5&period=30',
  ])('%s', (uri) => expect(parseOtpauthUri(uri)).toEqual(steam));
  test('formats with encoder=steam and reads back the same account', () => {
    const account = parseOtpauthUri('otpauth://steam/Steam:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI');
    expect(formatOtpauthUri(account)).toContain('&encoder=steam');
    expect(parseOtpauthUri(formatOtpauthUri(account))).toEqual(account);
  });
  test('without encoder a 5-digit URI is still refused', () => {
    expect(() => parseOtpauthUri('otpauth://totp/Steam:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&digits=5')).toThrow(
      /digits must be a whole number from 6 to 8/,
    );
  });
});
