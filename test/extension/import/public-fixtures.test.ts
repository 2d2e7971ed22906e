/**
 * Every supported importer against the public example files of the Aegis project (expected entries
 * from _expected_vectors.json, with the per-format adjustments listed there) — through the
 * `importAccounts` contract, with the file given as bytes like a file picker delivers it.
 */
import { describe, expect, test } from 'vitest';
import type { Account } from '../../../extension/account';
import { importAccounts } from '../../../extension/background/import';
import { expected, fixtureBytes, type Vector } from './fixture-files';

const ALL_SEVEN = ['Deno', 'SPDX', 'Airbnb', 'Issuu', 'Air Canada', 'WWE', 'Boeing'];
const FIRST_SIX = ALL_SEVEN.slice(0, 6);

/** How the expected Account follows from a vector (identity unless the format loses information). */
type Adjust = (vector: Vector) => Partial<Account>;
const asIs: Adjust = () => ({});
// 2FAS schema 1 stores only the secret and names: TOTP with the defaults.
const totpDefaults: Adjust = () => ({ type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: undefined });
// 2FAS schema 2 has no token type: every entry is TOTP, keeping algorithm/digits/period.
const allTotp: Adjust = (v) => ({ type: 'totp', period: v.period ?? 30, counter: undefined });
// FreeOTP stores the next counter to use, one below the vector's counter.
const freeOtpCounter: Adjust = (v) => (v.type === 'hotp' ? { counter: v.counter! - 1 } : {});

interface Case {
  file: string;
  issuers: string[];
  adjust?: Adjust;
}

const cases: Case[] = [
  { file: 'aegis_plain.json', issuers: ALL_SEVEN },
  { file: 'aegis_plain_grouped_v2.json', issuers: ALL_SEVEN },
  { file: 'aegis_encrypted.json', issuers: ALL_SEVEN },
  { file: 'andotp_plain.json', issuers: ALL_SEVEN },
  { file: 'plain.txt', issuers: ALL_SEVEN },
  { file: 'ente_auth.txt', issuers: ALL_SEVEN },
  { file: 'stratum_plain.json', issuers: ALL_SEVEN },
  { file: 'proton_authenticator.json', issuers: ['Deno', 'SPDX', 'Airbnb'] },
  { file: 'bitwarden.json', issuers: ['Deno', 'SPDX', 'Airbnb', 'Boeing'] },
  { file: 'bitwarden.csv', issuers: ['Deno', 'SPDX', 'Airbnb', 'Boeing'] },
  { file: '2fas_authenticator.json', issuers: FIRST_SIX, adjust: totpDefaults },
  { file: '2fas_authenticator_plain.2fas', issuers: ['Deno', 'Airbnb', 'Issuu', 'WWE'], adjust: allTotp },
  { file: '2fas_authenticator_encrypted.2fas', issuers: ['Deno', 'Airbnb', 'Issuu', 'WWE'], adjust: allTotp },
  { file: '2fas_authenticator_plain_v3.2fas', issuers: FIRST_SIX },
  { file: '2fas_authenticator_encrypted_v3.2fas', issuers: FIRST_SIX },
  { file: '2fas_authenticator_plain_v4.2fas', issuers: ['Deno', 'Issuu', 'Air Canada', 'WWE', 'Boeing'] },
  { file: '2fas_authenticator_encrypted_v4.2fas', issuers: ['Deno', 'Issuu', 'Air Canada', 'WWE', 'Boeing'] },
  { file: 'freeotp_plus.json', issuers: FIRST_SIX, adjust: freeOtpCounter },
  { file: 'freeotp_plus_internal.xml', issuers: FIRST_SIX, adjust: freeOtpCounter },
  { file: 'freeotp.xml', issuers: ['WWE', 'Airbnb', 'Deno', 'Issuu'], adjust: freeOtpCounter },
];

function passwordFor(file: string): string | undefined {
  for (const [pattern, password] of Object.entries(expected.passwords)) {
    if (new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(file)) return password;
  }
  return undefined;
}

function expectedAccount(vector: Vector, adjust: Adjust): Account {
  // Steam Guard: Steam's fixed parameters and the Steam encoder, names as the file has them.
  if (vector.type === 'steam') {
    return { type: 'totp', secret: vector.secret, algorithm: 'SHA1', digits: 5, period: 30, issuer: vector.issuer, label: vector.name, encoder: 'steam' };
  }
  const base: Account = {
    type: vector.type === 'hotp' ? 'hotp' : 'totp',
    secret: vector.secret,
    algorithm: vector.algorithm,
    digits: vector.digits,
    issuer: vector.issuer,
    label: vector.name,
    ...(vector.type === 'hotp' ? { counter: vector.counter } : { period: vector.period }),
  };
  const merged = { ...base, ...adjust(vector) };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as Account;
}

describe('importAccounts on the public example files', () => {
  test.each(cases)('$file', async ({ file, issuers, adjust = asIs }) => {
    const password = passwordFor(file);
    const { accounts, skipped } = await importAccounts(file, fixtureBytes('aegis', file), password);
    const vectors = issuers.map((issuer) => expected.vectors.find((v) => v.issuer === issuer)!);

    // Matched by secret, as the Aegis tests do, then every field compared. Steam Guard entries
    // import as Steam accounts; Bitwarden keeps only `steam://SECRET` under the item's own name,
    // so there the names are Bitwarden's ("steam entries only checked for secret presence").
    expect(accounts).toHaveLength(vectors.length);
    for (const vector of vectors) {
      const account = accounts.find((a) => a.secret === vector.secret);
      const want = expectedAccount(vector, adjust);
      if (vector.type === 'steam' && file.startsWith('bitwarden'))
        expect(account).toMatchObject({ ...want, issuer: expect.any(String), label: expect.any(String) });
      else expect(account, `${file}: ${vector.issuer}`).toEqual(want);
    }
    expect(skipped).toEqual([]);
  });

  test.each([
    ['steam.json', 'maFile with an accounts map'],
    ['steam_old.json', 'single-account maFile'],
  ])('%s (%s) imports the Steam Guard account', async (file) => {
    const { accounts, skipped } = await importAccounts(file, fixtureBytes('aegis', file));
    const vector = expected.vectors.find((v) => v.type === 'steam')!;
    expect(skipped).toEqual([]);
    expect(accounts).toEqual([{ ...expectedAccount(vector, asIs), issuer: 'Steam' }]);
  });

  test('battle_net_authenticator.xml imports the Battle.net vector (8 digits, serial as the name)', async () => {
    const { accounts, skipped } = await importAccounts(
      'com.blizzard.messenger.authenticator_preferences.xml',
      fixtureBytes('aegis', 'battle_net_authenticator.xml'),
    );
    const vector = expected.vectors.find((v) => v.issuer === 'Battle.net')!;
    expect(skipped).toEqual([]);
    expect(accounts).toEqual([expectedAccount(vector, asIs)]);
  });

  test('the file name is only a hint: the same content under a misleading name imports the same', async () => {
    const aegis = await importAccounts('backup.txt', fixtureBytes('aegis', 'aegis_plain.json'));
    const list = await importAccounts('accounts.json', fixtureBytes('aegis', 'plain.txt'));
    expect(aegis.accounts.map((a) => a.secret)).toEqual(list.accounts.map((a) => a.secret));
  });

  test('text and bytes give the same result', async () => {
    const bytes = fixtureBytes('aegis', 'freeotp_plus.json');
    const fromText = await importAccounts('x', new TextDecoder().decode(bytes));
    expect(fromText).toEqual(await importAccounts('x', bytes));
  });
});

describe('recognised but unsupported formats are refused with a clear message', () => {
  test.each([
    ['authy_plain.xml', /Authy/],
    ['authy_encrypted.xml', /Authy/],
    ['duo.json', /Duo/],
    ['totp_authenticator_internal.xml', /TOTP Authenticator/],
  ])('%s', async (file, name) => {
    const error = await importAccounts(file, fixtureBytes('aegis', file), passwordFor(file)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported_format' });
    expect((error as Error).message).toMatch(name);
    expect((error as Error).message).toMatch(/cannot import/);
  });
});
