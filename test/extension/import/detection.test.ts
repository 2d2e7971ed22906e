/**
 * Format recognition and per-entry skipping: content decides the format, unknown or unsupported
 * content gets a typed error naming what it is, and one bad entry is skipped with its reason
 * while the rest imports.
 */
import { describe, expect, test } from 'vitest';
import { importAccounts, MAX_IMPORT_BYTES } from '../../../extension/background/import';

const GOOD = 'JBSWY3DPEHPK3PXP';

describe('unknown and unsupported content', () => {
  test.each([
    ['', /an empty file/],
    ['   \n\n', /an empty file/],
    ['{"hello": "world"}', /this JSON file/],
    ['[1, 2, 3]', /this JSON file/],
    ['Lorem ipsum dolor sit amet', /this text file/],
  ])('%j → unrecognised_format', async (content, message) => {
    await expect(importAccounts('x', content)).rejects.toMatchObject({ code: 'unrecognised_format', message: expect.stringMatching(message) });
  });

  test('random binary → unrecognised_format naming a binary file', async () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff);
    await expect(importAccounts('x.dat', bytes)).rejects.toMatchObject({ code: 'unrecognised_format', message: expect.stringMatching(/binary/) });
  });

  test.each([
    ['a ZIP archive', 'PK\u0003\u0004rest-of-archive', /ZIP/],
    ['an SQLite database', 'SQLite format 3\u0000....', /SQLite/],
    ['an encrypted Stratum backup', 'AUTHENTICATORPRO\u0001\u0002', /Stratum/],
    ['an encrypted Ente export', JSON.stringify({ version: 1, kdfParams: { memLimit: 1 }, encryptedData: 'x', encryptionNonce: 'y' }), /Ente/],
    [
      'an account-restricted Bitwarden export',
      JSON.stringify({ encrypted: true, encKeyValidation_DO_NOT_EDIT: '2.a|b|c', items: [{ name: '2.x|y|z' }] }),
      /Only Bitwarden itself/,
    ],
    ['a password-protected Proton export', JSON.stringify({ version: 1, salt: 'x', content: 'y' }), /Proton/],
  ])('%s → unsupported_format', async (_name, content, message) => {
    const bytes = new Uint8Array([...content].map((c) => c.charCodeAt(0)));
    await expect(importAccounts('x', bytes)).rejects.toMatchObject({ code: 'unsupported_format', message: expect.stringMatching(message) });
  });

  test('a file over the size limit is refused before parsing', async () => {
    await expect(importAccounts('huge.txt', new Uint8Array(MAX_IMPORT_BYTES + 1))).rejects.toMatchObject({ code: 'file_too_large' });
  });

  test('data that is neither text nor bytes', async () => {
    await expect(importAccounts('x', 42 as unknown as string)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('one bad entry is skipped, the rest imports', () => {
  test('plain list: each bad line reported by number with its reason', async () => {
    const text = [
      `otpauth://totp/A:one?secret=${GOOD}`,
      'otpauth://totp/B:two?secret=NOT-BASE32-1!',
      'just a note',
      `otpauth://totp/C:three?secret=${GOOD}&digits=12`,
      `Copy this: otpauth://totp/D:four?secret=${GOOD}`,
      `otpauth://hotp/E:five?secret=${GOOD}&counter=7`,
    ].join('\n');
    const { accounts, skipped } = await importAccounts('list.txt', text);
    expect(accounts.map((a) => a.label)).toEqual(['one', 'five']);
    expect(skipped.map((s) => s.entry)).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
    expect(skipped[0]!.reason).toMatch(/invalid character/);
    expect(skipped[1]!.reason).toMatch(/not an otpauth/);
    expect(skipped[2]!.reason).toMatch(/digits/);
    expect(skipped[3]!.reason).toMatch(/text before "otpauth:\/\/"/);
  });

  test('Aegis: Yandex, mOTP, MD5 and a bad secret are skipped by name', async () => {
    const entry = (type: string, name: string, info: Record<string, unknown>) => ({
      type,
      uuid: name,
      name,
      issuer: 'Acme',
      icon: null,
      info: { secret: GOOD, algo: 'SHA1', digits: 6, period: 30, ...info },
    });
    const file = {
      version: 1,
      header: { slots: null, params: null },
      db: {
        version: 3,
        entries: [
          entry('totp', 'ok', {}),
          entry('yandex', 'ya', {}),
          entry('motp', 'mo', {}),
          entry('totp', 'md5', { algo: 'MD5' }),
          entry('totp', 'bad', { secret: '1111' }),
          'not an object',
        ],
      },
    };
    const { accounts, skipped } = await importAccounts('aegis.json', JSON.stringify(file));
    expect(accounts.map((a) => a.label)).toEqual(['ok']);
    expect(skipped.map((s) => s.entry)).toEqual(['#2 Acme / ya', '#3 Acme / mo', '#4 Acme / md5', '#5 Acme / bad', '#6']);
    expect(skipped[0]!.reason).toMatch(/yandex/);
    expect(skipped[2]!.reason).toMatch(/MD5/);
    expect(skipped[3]!.reason).toMatch(/invalid character/);
    expect(skipped[4]!.reason).toMatch(/malformed/);
  });

  test('Bitwarden: bare secrets use the item name and user name; items without TOTP are not entries', async () => {
    const file = {
      encrypted: false,
      items: [
        { type: 1, name: 'GitHub', login: { username: 'octocat', totp: 'jbsw y3dp ehpk 3pxp' } },
        { type: 1, name: 'Mail', login: { username: 'me', password: 'hunter2', totp: null } },
        { type: 2, name: 'Secure note' },
        { type: 1, name: 'Broken', login: { username: 'x', totp: 'otpauth://totp/x?secret=' } },
        { type: 1, name: 'Named by URI', login: { username: 'ignored', totp: `otpauth://totp/?secret=${GOOD}` } },
      ],
    };
    const { accounts, skipped } = await importAccounts('bitwarden_export.json', JSON.stringify(file));
    expect(accounts).toEqual([
      { type: 'totp', secret: GOOD, algorithm: 'SHA1', digits: 6, period: 30, issuer: 'GitHub', label: 'octocat' },
      { type: 'totp', secret: GOOD, algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Named by URI', label: 'ignored' },
    ]);
    expect(skipped).toEqual([{ entry: '#2 Broken / x', reason: expect.stringMatching(/no "secret"/) }]);
  });

  test('FreeOTP+: byte values out of range are a malformed entry, not a crash', async () => {
    const token = { algo: 'SHA1', counter: 0, digits: 6, issuerExt: 'A', label: 'a', period: 30, type: 'TOTP' };
    const file = {
      tokenOrder: [],
      tokens: [
        { ...token, secret: [1, 2, 3, 4, 5] },
        { ...token, secret: [1, 999] },
        { ...token, secret: [] },
      ],
    };
    const { accounts, skipped } = await importAccounts('freeotp-backup.json', JSON.stringify(file));
    expect(accounts).toHaveLength(1);
    expect(skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/-128\.\.255/), expect.stringMatching(/empty/)]);
  });

  test('2FAS: an unknown token type and a missing secret', async () => {
    const file = {
      schemaVersion: 4,
      services: [
        { name: 'Ok', secret: GOOD, otp: { account: 'me', tokenType: 'TOTP', digits: 6, period: 30, algorithm: 'SHA1' } },
        { name: 'Yandex', secret: GOOD, otp: { account: 'me', tokenType: 'YAOTP' } },
        { name: 'NoSecret', otp: { account: 'me' } },
      ],
    };
    const { accounts, skipped } = await importAccounts('x.2fas', JSON.stringify(file));
    expect(accounts.map((a) => a.issuer)).toEqual(['Ok']);
    expect(skipped.map((s) => s.entry)).toEqual(['#2 Yandex / me', '#3 NoSecret / me']);
  });
});

describe('text encodings', () => {
  test('a UTF-16 (BOM) otpauth list, as Windows editors save it', async () => {
    const text = `otpauth://totp/Bø:me?secret=${GOOD}\r\n`;
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    [...text].forEach((ch, i) => {
      utf16.set([ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8], 2 + i * 2);
    });
    const { accounts } = await importAccounts('list.txt', utf16);
    expect(accounts[0]).toMatchObject({ issuer: 'Bø', label: 'me' });
  });

  test('a UTF-8 BOM before JSON is ignored', async () => {
    const json = JSON.stringify([{ secret: GOOD, issuer: 'A', label: 'b', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30 }]);
    const { accounts } = await importAccounts('andotp.json', `\uFEFF${json}`);
    expect(accounts).toHaveLength(1);
  });

  test('damaged JSON is reported as damaged, not as an unknown format', async () => {
    await expect(importAccounts('aegis.json', '{"version": 1, "header": {"slots": nu')).rejects.toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/not valid JSON/),
    });
  });
});
