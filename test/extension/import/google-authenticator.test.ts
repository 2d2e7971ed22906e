/**
 * Google Authenticator exports: the extract_otp_secrets example files against their expected
 * outputs, broken inputs, and exports built from the protobuf description (multi-batch, MD5,
 * SHA512/8 digits, HOTP) because no public file covers them.
 */
import { describe, expect, test } from 'vitest';
import { bytesToSecret } from '../../../extension/account';
import { importAccounts } from '../../../extension/background/import';
import { fixtureBytes, fixtureText } from './fixture-files';
import { encodePayload, migrationUrl } from './migration-payload';

const DIR = 'extract_otp_secrets';

interface Expected {
  name: string;
  secret: string;
  issuer: string;
  type: 'totp' | 'hotp';
  counter?: number | null;
}

/** Google stores "Issuer:account" as the name; Twofold keeps the account part as the label. */
function labelOf(entry: Expected): string {
  return entry.issuer && entry.name.startsWith(`${entry.issuer}:`) ? entry.name.slice(entry.issuer.length + 1) : entry.name;
}

function expectMatches(accounts: Awaited<ReturnType<typeof importAccounts>>['accounts'], entries: Expected[]) {
  expect(accounts).toHaveLength(entries.length);
  entries.forEach((entry, i) => {
    expect(accounts[i]).toMatchObject({ type: entry.type, secret: entry.secret, issuer: entry.issuer, label: labelOf(entry), algorithm: 'SHA1', digits: 6 });
    if (entry.type === 'hotp') expect(accounts[i]!.counter).toBe(entry.counter);
    else expect(accounts[i]!.period).toBe(30);
  });
}

describe('public example exports', () => {
  test('example_export.txt (5 URLs, 6 accounts, HOTP, UTF-8 names, comments) → example_output.json', async () => {
    const { accounts, skipped } = await importAccounts('example_export.txt', fixtureBytes(DIR, 'example_export.txt'));
    expectMatches(accounts, JSON.parse(fixtureText(DIR, 'example_output.json')) as Expected[]);
    expect(accounts[5]!.label).toBe('encoding: ¿äÄéÉ? (demo)');
    expect(skipped).toEqual([]);
  });

  test('example_export_only_totp.txt → the TOTP entries of example_output.json', async () => {
    const all = JSON.parse(fixtureText(DIR, 'example_output.json')) as Expected[];
    const { accounts } = await importAccounts('x.txt', fixtureText(DIR, 'example_export_only_totp.txt'));
    expectMatches(
      accounts,
      all.filter((e) => e.type === 'totp'),
    );
  });

  test('base64 "+" not URL-escaped is still read (test_plus_problem)', async () => {
    const { expected } = JSON.parse(fixtureText(DIR, 'test_plus_problem_expected.json')) as { expected: Expected[] };
    const { accounts } = await importAccounts('plus.txt', fixtureText(DIR, 'test_plus_problem_export.txt'));
    expectMatches(accounts, expected);
    expect(accounts[0]!.label).toBe('test1@serenitylabs.co.uk');
  });

  test('url_list_output.txt (the same accounts as plain otpauth URIs) gives the same secrets and types', async () => {
    const all = JSON.parse(fixtureText(DIR, 'example_output.json')) as Expected[];
    const { accounts } = await importAccounts('urls.txt', fixtureText(DIR, 'url_list_output.txt'));
    expect(accounts.map((a) => [a.type, a.secret, a.counter])).toEqual(all.map((e) => [e.type, e.secret, e.counter ?? undefined]));
  });
});

describe('broken inputs give clear errors and no accounts', () => {
  test.each([
    ['test_export_wrong_data.txt', 'corrupt_file', /not a valid migration payload/],
    ['test_export_wrong_prefix.txt', 'corrupt_file', /text before "otpauth-migration:\/\/"/],
    ['test_export_wrong_content.txt', 'unrecognised_format', /could not recognise/],
    ['only_comments.txt', 'unrecognised_format', /only comments/],
  ])('%s → %s', async (file, code, message) => {
    const error = await importAccounts(file, fixtureBytes(DIR, file)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });

  test('a migration URL without data, or with data that is not base64', async () => {
    await expect(importAccounts('a', 'otpauth-migration://offline?foo=1')).rejects.toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/no "data="/),
    });
    await expect(importAccounts('a', 'otpauth-migration://offline?data=%%%')).rejects.toMatchObject({ code: 'corrupt_file' });
    await expect(importAccounts('a', 'otpauth-migration://offline?data=*!*')).rejects.toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/not base64/),
    });
  });

  test('one corrupt URL among good ones fails the whole import (nothing half-imported)', async () => {
    const good = fixtureText(DIR, 'example_export_only_totp.txt');
    await expect(importAccounts('x', `${good}\notpauth-migration://offline?data=XXXX\n`)).rejects.toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/line \d+/),
    });
  });
});

describe('exports built from the protobuf description', () => {
  const key = (seed: number) => Uint8Array.from({ length: 20 }, (_, i) => (seed * 31 + i * 7) & 0xff);

  test('SHA256/SHA512, 8 digits, HOTP counters, issuer prefix removed from the name', async () => {
    const url = migrationUrl(
      encodePayload([
        { secret: key(1), name: 'Acme:alice@example.com', issuer: 'Acme', algorithm: 2, digits: 2, type: 2 },
        { secret: key(2), name: 'bob', issuer: 'Bank', algorithm: 3, digits: 1, type: 1, counter: 42 },
      ]),
    );
    const { accounts } = await importAccounts('qr.txt', url);
    expect(accounts).toEqual([
      { type: 'totp', secret: bytesToSecret(key(1)), algorithm: 'SHA256', digits: 8, period: 30, issuer: 'Acme', label: 'alice@example.com' },
      { type: 'hotp', secret: bytesToSecret(key(2)), algorithm: 'SHA512', digits: 6, counter: 42, issuer: 'Bank', label: 'bob' },
    ]);
  });

  test('MD5, unknown type and empty secret are skipped with reasons; the rest imports', async () => {
    const url = migrationUrl(
      encodePayload([
        { secret: key(3), name: 'old', issuer: 'Legacy', algorithm: 4 },
        { secret: key(4), name: 'weird', type: 0 },
        { secret: new Uint8Array(0), name: 'empty' },
        { secret: key(5), name: 'fine', issuer: 'Ok' },
      ]),
    );
    const { accounts, skipped } = await importAccounts('qr.txt', url);
    expect(accounts.map((a) => a.label)).toEqual(['fine']);
    expect(skipped.map((s) => s.entry)).toEqual(['#1 Legacy / old', '#2 weird', '#3 empty']);
    expect(skipped[0]!.reason).toMatch(/MD5/);
    expect(skipped[1]!.reason).toMatch(/unknown OTP type/);
    expect(skipped[2]!.reason).toMatch(/empty/);
  });

  test('multi-batch: all QR codes of one export are joined in order; a duplicate scan is ignored', async () => {
    const first = migrationUrl(encodePayload([{ secret: key(6), name: 'one' }], { size: 2, index: 0, id: 77 }));
    const second = migrationUrl(
      encodePayload(
        [
          { secret: key(7), name: 'two' },
          { secret: key(8), name: 'three' },
        ],
        { size: 2, index: 1, id: 77 },
      ),
    );
    const { accounts } = await importAccounts('batches.txt', [first, second, first].join('\r\n'));
    expect(accounts.map((a) => a.label)).toEqual(['one', 'two', 'three']);
  });

  test('multi-batch with a missing QR code is refused', async () => {
    const first = migrationUrl(encodePayload([{ secret: key(6), name: 'one' }], { size: 3, index: 0, id: 78 }));
    const third = migrationUrl(encodePayload([{ secret: key(7), name: 'three' }], { size: 3, index: 2, id: 78 }));
    await expect(importAccounts('batches.txt', `${first}\n${third}`)).rejects.toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/only 2 of the export's 3 QR codes/),
    });
  });

  test('a batch index outside the batch size is corrupt', async () => {
    const url = migrationUrl(encodePayload([{ secret: key(6), name: 'one' }], { size: 2, index: 5, id: 79 }));
    await expect(importAccounts('b.txt', url)).rejects.toMatchObject({ code: 'corrupt_file' });
  });

  test('migration URLs and otpauth URIs mixed in one text', async () => {
    const url = migrationUrl(encodePayload([{ secret: key(9), name: 'from-google' }]));
    const { accounts } = await importAccounts('mixed.txt', `# mine\n${url}\notpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP`);
    expect(accounts.map((a) => a.label)).toEqual(['from-google', 'me']);
  });
});
