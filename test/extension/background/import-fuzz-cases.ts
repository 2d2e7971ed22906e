/**
 * Inputs of the background import fuzz: seed files (every public fixture, plus files made here for
 * formats the fixtures lack: Twofold backup, password-protected Bitwarden, encrypted andOTP, a
 * migration export), each tagged with the registry importer that detects it, and a seeded
 * generator of malformed variants (truncations, byte flips, JSON value swaps, wrong types, wrong or
 * missing passwords, oversized fields, huge and empty files, binary junk, and mutated plaintexts
 * sealed with the right password, so mutations reach past the encryption). Not a test file itself.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { encryptBackup, type BackupAccount } from '../../../extension/background/backup';
import { importers, toInput } from '../../../extension/background/import';
import { andOtpCurrent, andOtpOld, bitwardenProtectedExport } from '../import/crafted-exports';
import { FIXTURES, expected, fixtureBytes } from '../import/fixture-files';
import { encodePayload, migrationUrl } from '../import/migration-payload';
import { BYTE_MUTATIONS, NASTY, mutateBytes, mutateJson, stretchJson } from '../import/mutations';

/** One seed file, with the importer that detects it unmutated (or `unrecognised`). */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  owner: string;
  /** The right password of an encrypted seed. */
  password?: string;
  /** Key derivation cost of trying a password: slow ones get a password on few cases. */
  slowKdf?: boolean;
  /** For made encrypted files: the plaintext, and how to seal a (mutated) plaintext with `password`. */
  plain?: unknown;
  seal?: (plain: unknown) => Promise<Uint8Array>;
}

/**
 * Known secrets (the fixtures' and the made files'): no error message or skip reason may quote one.
 * JBSWY3DPEHPK3PXP is left out: it is the textbook example key the messages themselves cite.
 */
export const SECRETS = [...expected.vectors.map((v) => v.secret), 'GEZDGNBVGY3TQOJQ', '4SJHB4GSD43FZBAI7C2HLRJGPQ'];

const utf8 = new TextEncoder();
const PASSWORD = 'fuzz-seed-password';
const ANDOTP_PLAIN = [
  { secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ======', issuer: 'Deno', label: 'Mason', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30, tags: [] },
  { secret: 'GEZDGNBVGY3TQOJQ', issuer: 'Air Canada', label: 'Benjamin', digits: 7, type: 'HOTP', algorithm: 'SHA256', counter: 50, tags: [] },
];
const BITWARDEN_PLAIN = {
  encrypted: false,
  folders: [],
  items: [{ type: 1, name: 'GitHub', login: { username: 'octocat', totp: 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' } }],
};
const BACKUP_PLAIN = {
  accounts: [
    {
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: 'GitHub',
      label: 'octocat',
      sites: ['github.com'],
      icon: 'G',
    },
    {
      type: 'hotp',
      secret: 'GEZDGNBVGY3TQOJQ',
      algorithm: 'SHA512',
      digits: 8,
      counter: 3,
      issuer: '',
      label: 'vpn',
      sites: ['vpn.example.org', '10.0.0.1'],
      icon: 'V',
    },
  ],
};
// The backup envelope accepts ≥ 100,000 PBKDF2 iterations (the export writes 600,000); the
// smallest keeps each sealed case cheap. andOTP and Bitwarden accept small counts outright.
const BACKUP_ITERATIONS = 100_000;

function ownerOf(name: string, bytes: Uint8Array): string {
  const input = toInput(name, bytes);
  return importers.find((importer) => importer.detect(input))?.id ?? 'unrecognised';
}

/** Every seed: each public fixture file, then the made ones. */
export async function loadSeeds(): Promise<Seed[]> {
  const fromFolder = (folder: string) =>
    readdirSync(path.join(FIXTURES, folder))
      .filter((f) => !f.startsWith('_'))
      .map((name): Omit<Seed, 'owner'> => {
        const encrypted = /encrypted/.test(name) && !/authy/.test(name);
        return { name, bytes: fixtureBytes(folder, name), ...(encrypted ? { password: 'test', slowKdf: /aegis/.test(name) } : {}) };
      });
  const sealBackup = async (plain: unknown) => utf8.encode(await encryptBackup((plain as { accounts: BackupAccount[] }).accounts, PASSWORD, BACKUP_ITERATIONS));
  const made: Omit<Seed, 'owner'>[] = [
    { name: 'twofold-backup.json', bytes: await sealBackup(BACKUP_PLAIN), password: PASSWORD, plain: BACKUP_PLAIN, seal: sealBackup, slowKdf: true },
    {
      name: 'bitwarden_encrypted_export.json',
      bytes: utf8.encode(bitwardenProtectedExport(PASSWORD, BITWARDEN_PLAIN, 1000)),
      password: PASSWORD,
      plain: BITWARDEN_PLAIN,
      seal: async (p) => utf8.encode(bitwardenProtectedExport(PASSWORD, p, 1000)),
    },
    {
      name: 'otp_accounts.json.aes',
      bytes: andOtpCurrent(PASSWORD, ANDOTP_PLAIN, 1000),
      password: PASSWORD,
      plain: ANDOTP_PLAIN,
      seal: async (p) => andOtpCurrent(PASSWORD, p, 1000),
    },
    {
      name: 'andotp_old.json.aes',
      bytes: andOtpOld(PASSWORD, ANDOTP_PLAIN),
      password: PASSWORD,
      plain: ANDOTP_PLAIN,
      seal: async (p) => andOtpOld(PASSWORD, p),
    },
    {
      name: 'migration-made.txt',
      bytes: utf8.encode(
        migrationUrl(
          encodePayload([{ secret: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), name: 'n', issuer: 'Iss', algorithm: 2, digits: 2, type: 1, counter: 9 }], {
            size: 1,
          }),
        ),
      ),
    },
  ];
  return [...fromFolder('aegis'), ...fromFolder('extract_otp_secrets'), ...made].map((seed) => ({ ...seed, owner: ownerOf(seed.name, seed.bytes) }));
}

/** The malformed-input classes the generator draws from. */
export const CLASSES = [
  ...BYTE_MUTATIONS,
  'json-swap',
  'json-stretch',
  'wrong-type',
  'empty',
  'binary-junk',
  'huge',
  'wrong-password',
  'missing-password',
  'password-on-plain',
  'sealed-swap',
] as const;
/** One malformed-input class. */
export type InputClass = (typeof CLASSES)[number];

/** One generated case: the file as the picker would give it, and the password typed. */
export interface FuzzCase {
  seed: Seed;
  kind: InputClass;
  fileName: string;
  bytes: Uint8Array;
  password?: string;
}

const pick = <T>(xs: readonly T[], next: () => number): T => xs[Math.floor(next() * xs.length)]!;
const MAGIC = [
  '',
  'PK\u0003\u0004',
  'AUTHENTICATORPRO',
  'SQLite format 3\u0000',
  '{"db":',
  'otpauth://totp/x?secret=',
  'otpauth-migration://offline?data=',
  '\u0000\u0000\u0003\u00e8',
];

function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

function wrongType(root: unknown, next: () => number): unknown {
  const values = root && typeof root === 'object' ? Object.values(root) : [root];
  return pick([[root], JSON.stringify(root), 42, null, 'text', values, { wrapped: root }, true, Object.fromEntries(values.map((v, i) => [i, v]))], next);
}

function huge(seed: Seed, root: unknown, next: () => number): Uint8Array {
  // 0.5–2 MB: far above any real export, well under the 5 MB message and 16 MB import limits.
  const size = 500_000 + Math.floor(next() * 1_500_000);
  if (root !== undefined && root !== null && typeof root === 'object') {
    const padded = structuredClone(root);
    for (let i = 0; i < 3; i++) mutateJson(padded, () => next());
    return utf8.encode(JSON.stringify(Array.isArray(padded) ? [...padded, 'A'.repeat(size)] : { ...padded, padding: 'A'.repeat(size) }));
  }
  // Text: one giant line, the file plus a giant junk line, or the file repeated to ~200 KB (many
  // entries; more would only slow the run, each repeat being a duplicate).
  const text = new TextDecoder().decode(seed.bytes);
  const copies = Math.max(1, Math.floor(200_000 / Math.max(seed.bytes.length, 1)));
  return pick([() => new Uint8Array(size).fill(0x41), () => utf8.encode(`${text}\n${'#A'.repeat(size / 2)}`), () => utf8.encode(text.repeat(copies))], next)();
}

/** A malformed variant of `seed` of class `kind` (a class that does not apply falls back to a byte mutation). */
export async function makeCase(seed: Seed, kind: InputClass, next: () => number): Promise<FuzzCase> {
  const root = jsonOf(seed.bytes);
  const fileName = next() < 0.9 ? seed.name : pick(['', 'x', 'backup.aes', 'export.2fas', '../../etc/passwd', 'ü'.repeat(100)], next);
  // Encrypted seeds get the right password on some cases, so mutations reach the decrypted content.
  const password = seed.password !== undefined && next() < (seed.slowKdf ? 0.1 : 0.5) ? seed.password : undefined;
  const base = { seed, kind, fileName, ...(password !== undefined ? { password } : {}) };
  const byteIndex = BYTE_MUTATIONS.indexOf(kind as (typeof BYTE_MUTATIONS)[number]);
  const fallback = (): FuzzCase => ({
    ...base,
    kind: BYTE_MUTATIONS[Math.max(0, byteIndex)]!,
    bytes: mutateBytes(seed.bytes, next, Math.max(0, byteIndex)),
  });
  switch (kind) {
    case 'json-swap': {
      if (root === undefined) return fallback();
      let doc: unknown = structuredClone(root);
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) doc = mutateJson(doc, next);
      return { ...base, bytes: utf8.encode(JSON.stringify(doc)) };
    }
    case 'json-stretch':
      return root === undefined ? fallback() : { ...base, bytes: utf8.encode(JSON.stringify(stretchJson(structuredClone(root), next))) };
    case 'wrong-type':
      return root === undefined ? fallback() : { ...base, bytes: utf8.encode(JSON.stringify(wrongType(root, next))) };
    case 'empty':
      return { ...base, bytes: utf8.encode(pick(['', ' \n\t', '\uFEFF', '{}', '[]', 'null', '""', '\r\n\r\n'], next)) };
    case 'binary-junk': {
      const magic = utf8.encode(pick(MAGIC, next));
      const junk = Uint8Array.from({ length: 1 + Math.floor(next() * 2048) }, () => Math.floor(next() * 256));
      return { ...base, bytes: Uint8Array.from([...magic, ...junk]) };
    }
    case 'huge':
      return { ...base, bytes: huge(seed, root, next) };
    case 'wrong-password':
      if (seed.password === undefined) return fallback();
      return {
        ...base,
        bytes: next() < 0.5 ? seed.bytes : mutateBytes(seed.bytes, next),
        password: pick(['wrong', 'test ', ' ', '💥'.repeat(300), seed.password.toUpperCase(), `${seed.password}\u0000`], next),
      };
    case 'missing-password': {
      const { password: _none, ...rest } = base;
      return seed.password === undefined ? fallback() : { ...rest, bytes: seed.bytes, ...(next() < 0.5 ? { password: '' } : {}) };
    }
    case 'password-on-plain':
      return seed.password !== undefined ? fallback() : { ...base, bytes: seed.bytes, password: pick(['test', 'x'.repeat(1024), '\u0000'], next) };
    case 'sealed-swap': {
      if (!seed.seal || seed.plain === undefined || seed.password === undefined) return fallback();
      let plain: unknown = structuredClone(seed.plain);
      if (next() < 0.5) plain = stretchJson(plain, next);
      else for (let n = 1 + Math.floor(next() * 2); n > 0; n--) plain = mutateJson(plain, next);
      return { ...base, bytes: await seed.seal(plain), password: seed.password };
    }
    default:
      return fallback();
  }
}

// Relative draw weights: huge files are costly and need few cases; sealed plaintexts are the only
// way past a format's encryption, so they get more.
const WEIGHT: Partial<Record<InputClass, number>> = { huge: 0.2, 'sealed-swap': 3 };

/** Draws a class that applies to `seed`, by weight. */
export function drawClass(seed: Seed, next: () => number): InputClass {
  const kinds = classesFor(seed);
  let r = next() * kinds.reduce((sum, kind) => sum + (WEIGHT[kind] ?? 1), 0);
  for (const kind of kinds) {
    r -= WEIGHT[kind] ?? 1;
    if (r < 0) return kind;
  }
  return kinds[kinds.length - 1]!;
}

/** The classes that apply to `seed`. */
export function classesFor(seed: Seed): InputClass[] {
  const json = jsonOf(seed.bytes) !== undefined;
  return CLASSES.filter((kind) => {
    if (kind === 'json-swap' || kind === 'json-stretch' || kind === 'wrong-type') return json;
    if (kind === 'wrong-password' || kind === 'missing-password') return seed.password !== undefined;
    if (kind === 'password-on-plain') return seed.password === undefined;
    if (kind === 'sealed-swap') return seed.seal !== undefined;
    return true;
  });
}

/** A nasty value, for message-level junk. */
export const nasty = (next: () => number): unknown => pick(NASTY, next);
