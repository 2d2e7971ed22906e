/**
 * Encrypted exports: right password, wrong password (code `wrong_password`, zero accounts),
 * missing password (`password_required`) and tampered ciphertext (`corrupt_file`). andOTP has no
 * public encrypted example, so its files are made here with node:crypto from andOTP's published
 * layout (current: iterations‖salt‖iv‖ciphertext‖tag with PBKDF2-HMAC-SHA1; old: iv‖ciphertext‖tag
 * with SHA-256(password)) — an implementation independent of the importer's WebCrypto code.
 */
import { describe, expect, test } from 'vitest';
import { encryptBackup } from '../../../extension/background/backup';
import { importAccounts } from '../../../extension/background/import';
import { andOtpCurrent, andOtpOld, bitwardenProtectedExport } from './crafted-exports';
import { fixtureText } from './fixture-files';

const ANDOTP_ENTRIES = [
  { secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ======', issuer: 'Deno', label: 'Mason', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30, tags: [] },
  { secret: 'KUVJJOM753IHTNDSZVCNKL7GII======', issuer: 'Air Canada', label: 'Benjamin', digits: 7, type: 'HOTP', algorithm: 'SHA256', counter: 50, tags: [] },
  { secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI======', issuer: 'Boeing', label: 'Sophia', digits: 5, type: 'STEAM', algorithm: 'SHA1', tags: [] },
];

function flipByteOfBase64(text: string, at: number): string {
  const bytes = Buffer.from(text, 'base64');
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64');
}

describe('Aegis encrypted', () => {
  const file = fixtureText('aegis', 'aegis_encrypted.json');
  test('wrong password → wrong_password', async () => {
    await expect(importAccounts('aegis.json', file, 'not-the-password')).rejects.toMatchObject({ code: 'wrong_password', name: 'WrongPasswordError' });
  });
  test('no password → password_required naming Aegis', async () => {
    await expect(importAccounts('aegis.json', file)).rejects.toMatchObject({ code: 'password_required', message: expect.stringMatching(/Aegis/) });
  });
  test('tampered database with the right password → corrupt_file', async () => {
    const json = JSON.parse(file) as { db: string };
    json.db = flipByteOfBase64(json.db, 10);
    await expect(importAccounts('aegis.json', JSON.stringify(json), 'test')).rejects.toMatchObject({ code: 'corrupt_file' });
  });
  test('a slot with absurd scrypt cost is refused before any work', async () => {
    const json = JSON.parse(file) as { header: { slots: { n: number }[] } };
    json.header.slots[0]!.n = 2 ** 30;
    await expect(importAccounts('aegis.json', JSON.stringify(json), 'test')).rejects.toMatchObject({ code: 'corrupt_file' });
    json.header.slots[0]!.n = 2 ** 20; // allowed N, but 1 GB of memory with r = 8
    await expect(importAccounts('aegis.json', JSON.stringify(json), 'test')).rejects.toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/256 MB/),
    });
  });
});

describe('2FAS encrypted', () => {
  test.each(['2fas_authenticator_encrypted.2fas', '2fas_authenticator_encrypted_v3.2fas', '2fas_authenticator_encrypted_v4.2fas'])(
    '%s: wrong password → wrong_password',
    async (name) => {
      await expect(importAccounts(name, fixtureText('aegis', name), 'wrong')).rejects.toMatchObject({ code: 'wrong_password' });
    },
  );
  test('no password → password_required', async () => {
    await expect(importAccounts('x.2fas', fixtureText('aegis', '2fas_authenticator_encrypted_v4.2fas'))).rejects.toMatchObject({ code: 'password_required' });
  });
  test('tampered services with the right password → corrupt_file (the reference proves the password)', async () => {
    const json = JSON.parse(fixtureText('aegis', '2fas_authenticator_encrypted_v4.2fas')) as { servicesEncrypted: string };
    const [ciphertext, salt, iv] = json.servicesEncrypted.split(':');
    json.servicesEncrypted = [flipByteOfBase64(ciphertext!, 5), salt, iv].join(':');
    await expect(importAccounts('x.2fas', JSON.stringify(json), 'test')).rejects.toMatchObject({ code: 'corrupt_file' });
  });
});

describe('andOTP encrypted (files made from the published layout)', () => {
  test.each([
    ['current layout (PBKDF2-SHA1)', () => andOtpCurrent('s3cret pässword', ANDOTP_ENTRIES)],
    ['old layout (SHA-256 key)', () => andOtpOld('s3cret pässword', ANDOTP_ENTRIES)],
  ])('%s imports with the right password', async (_name, make) => {
    const { accounts, skipped } = await importAccounts('otp_accounts.json.aes', make(), 's3cret pässword');
    expect(accounts).toEqual([
      { type: 'totp', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ', algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Deno', label: 'Mason' },
      { type: 'hotp', secret: 'KUVJJOM753IHTNDSZVCNKL7GII', algorithm: 'SHA256', digits: 7, counter: 50, issuer: 'Air Canada', label: 'Benjamin' },
      // The STEAM entry is a Steam Guard account: Steam's fixed parameters, whatever andOTP wrote.
      { type: 'totp', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', algorithm: 'SHA1', digits: 5, period: 30, issuer: 'Boeing', label: 'Sophia', encoder: 'steam' },
    ]);
    expect(skipped).toEqual([]);
  });

  test('the current layout is recognised from its header even without a telling file name', async () => {
    const { accounts } = await importAccounts('backup.bin', andOtpCurrent('pw', ANDOTP_ENTRIES), 'pw');
    expect(accounts).toHaveLength(3);
  });

  test('old andOTP "issuer:name" labels with no issuer are split', async () => {
    const entries = [{ secret: 'JBSWY3DPEHPK3PXP', issuer: '', label: 'GitHub:octocat', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30 }];
    const { accounts } = await importAccounts('otp_accounts.json.aes', andOtpOld('pw', entries), 'pw');
    expect(accounts[0]).toMatchObject({ issuer: 'GitHub', label: 'octocat' });
  });

  test.each([
    ['current', () => andOtpCurrent('right', ANDOTP_ENTRIES)],
    ['old', () => andOtpOld('right', ANDOTP_ENTRIES)],
  ])('%s layout: wrong password → wrong_password, no password → password_required', async (_name, make) => {
    await expect(importAccounts('otp_accounts.json.aes', make(), 'wrong')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(importAccounts('otp_accounts.json.aes', make())).rejects.toMatchObject({ code: 'password_required' });
  });
});

describe('Twofold backup (format of extension/background/backup.ts)', () => {
  const accounts = [
    {
      type: 'totp' as const,
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
      issuer: 'GitHub',
      label: 'octocat',
      sites: ['github.com'],
    },
    { type: 'hotp' as const, secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA512' as const, digits: 8, counter: 3, issuer: '', label: 'vpn' },
  ];
  test('round trip keeps accounts and bound sites; wrong password → wrong_password', async () => {
    const text = await encryptBackup(accounts, 'backup password');
    const result = await importAccounts('twofold-backup.json', new TextEncoder().encode(text), 'backup password');
    expect(result).toEqual({ accounts, skipped: [] });
    await expect(importAccounts('twofold-backup.json', text, 'nope')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(importAccounts('twofold-backup.json', text)).rejects.toMatchObject({ code: 'password_required' });
  });
});

describe('Bitwarden password-protected export (made here from the published format)', () => {
  const plainExport = {
    encrypted: false,
    folders: [],
    items: [
      { type: 1, name: 'GitHub', login: { username: 'octocat', totp: 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' } },
      { type: 1, name: 'Steam', login: { username: 'me', totp: 'steam://JBSWY3DPEHPK3PXP' } },
    ],
  };

  const protectedExport = (password: string, iterations = 5000, kdfType = 0) => bitwardenProtectedExport(password, plainExport, iterations, kdfType);

  test('right password imports; wrong password → wrong_password; none → password_required', async () => {
    const file = protectedExport('vault pw');
    const { accounts, skipped } = await importAccounts('bitwarden_encrypted_export.json', file, 'vault pw');
    expect(accounts).toEqual([
      { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, issuer: 'GitHub', label: 'octocat' },
      { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 5, period: 30, issuer: 'Steam', label: 'me', encoder: 'steam' },
    ]);
    expect(skipped).toHaveLength(0);
    await expect(importAccounts('b.json', file, 'nope')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(importAccounts('b.json', file)).rejects.toMatchObject({ code: 'password_required' });
  });

  test('Argon2id key derivation (kdfType 1)', async () => {
    const { accounts } = await importAccounts('b.json', protectedExport('argon pw', 2, 1), 'argon pw');
    expect(accounts.map((a) => a.issuer)).toEqual(['GitHub', 'Steam']);
  });

  test('tampered data with the right password → corrupt_file', async () => {
    const json = JSON.parse(protectedExport('pw')) as { data: string };
    const [iv, ciphertext, mac] = json.data.slice(2).split('|');
    json.data = `2.${iv}|${flipByteOfBase64(ciphertext!, 3)}|${mac}`;
    await expect(importAccounts('b.json', JSON.stringify(json), 'pw')).rejects.toMatchObject({ code: 'corrupt_file' });
  });
});
