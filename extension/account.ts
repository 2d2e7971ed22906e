/**
 * The account model shared by the vault, the importers, the otpauth parser and the popup: what a
 * one-time-password account *is*, independent of where it came from or how it is stored.
 *
 * Decisions (documented because importers and the vault rely on them):
 * - `secret` is canonical base32 (RFC 4648 alphabet, upper-case, no padding, no spaces), so two
 *   imports of the same key compare equal as strings.
 * - `digits` is 6–8, the range RFC 4226/6238 and otplib support, except for Steam Guard: a TOTP
 *   account with `encoder: 'steam'` (KeePassXC's `encoder=steam` URI parameter) is always SHA1,
 *   period 30, 5 characters from `STEAM_ALPHABET`; its codes come from the same HMAC truncation
 *   written in that alphabet instead of decimal. Battle.net is a plain 8-digit TOTP account.
 * - A TOTP account always has `period` (default 30) and no `counter`; an HOTP account always has
 *   `counter` (default 0) and no `period`. `makeAccount` fills these in.
 */
import * as v from 'valibot';
import { base32nopad } from '@scure/base';
import { TwofoldError } from '../sdk/protocol/errors';

/** The OTP kinds Twofold can generate codes for. */
export const OTP_TYPES = ['totp', 'hotp'] as const;
/** The HMAC hash functions RFC 6238 allows and otplib implements. */
export const OTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
/** Inclusive range of code lengths Twofold accepts. */
export const MIN_DIGITS = 6;
/** Inclusive range of code lengths Twofold accepts. */
export const MAX_DIGITS = 8;
/** Steam Guard code length; the only length allowed below MIN_DIGITS, and only with `encoder: 'steam'`. */
export const STEAM_DIGITS = 5;
/** The 26 characters Steam Guard codes are written in (no vowels, no 0/1/A/E/I/L/O/S/U/Z). */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';
/** Code encoders besides decimal digits; `steam` is the only one real apps use. */
export const OTP_ENCODERS = ['steam'] as const;
/** Defaults from Google's Key Uri Format, used when a source omits a field. */
export const DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30, counter: 0 } as const;
/** Longest issuer or label kept; longer names are a sign of a corrupt file, not a real account. */
export const MAX_NAME_LENGTH = 512;
/** Longest accepted secret in base32 characters (640 bytes, far above any real key). */
export const MAX_SECRET_LENGTH = 1024;
/** Longest accepted TOTP period (one day); 0 or negative periods make no codes. */
export const MAX_PERIOD = 86_400;

/** One of `OTP_TYPES`. */
export type OtpType = (typeof OTP_TYPES)[number];
/** One of `OTP_ENCODERS`. */
export type OtpEncoder = (typeof OTP_ENCODERS)[number];
/** One of `OTP_ALGORITHMS`. */
export type OtpAlgorithm = (typeof OTP_ALGORITHMS)[number];

/** Thrown when a secret is not usable base32; the message says which character or length is wrong. */
export class InvalidSecretError extends TwofoldError {
  constructor(message: string) {
    super('invalid_secret', message);
    this.name = 'InvalidSecretError';
  }
}

/** Thrown when an account object does not satisfy `AccountSchema` (issues listed in the message). */
export class InvalidAccountError extends TwofoldError {
  readonly issues: string[];
  constructor(issues: string[]) {
    super('invalid_account', `The account is not valid: ${issues.join('; ')}`);
    this.name = 'InvalidAccountError';
    this.issues = issues;
  }
}

const BASE32_CHARS = /^[A-Z2-7]*$/;
// RFC 4648: the unpadded length mod 8 can only be 0, 2, 4, 5 or 7 (1, 3 and 6 cannot end a byte).
const VALID_TAIL_LENGTHS = new Set([0, 2, 4, 5, 7]);

/** A string in canonical base32 that decodes to at least one byte. */
function checkCanonicalSecret(secret: string): string | undefined {
  if (secret.length === 0) return 'the secret is empty';
  if (secret.length > MAX_SECRET_LENGTH) return `the secret is longer than ${MAX_SECRET_LENGTH} characters`;
  if (!BASE32_CHARS.test(secret)) return 'the secret must be canonical base32 (A–Z, 2–7, upper-case, no padding)';
  if (!VALID_TAIL_LENGTHS.has(secret.length % 8)) return `a base32 secret cannot be ${secret.length} characters long`;
  return undefined;
}

/** Valibot schema of an Account; `parseAccount` uses it, the vault validates stored records with it. */
export const AccountSchema = v.pipe(
  v.object({
    type: v.picklist(OTP_TYPES, 'type must be "totp" or "hotp"'),
    secret: v.pipe(
      v.string('secret must be a string'),
      v.check(
        (s) => checkCanonicalSecret(s) === undefined,
        (issue) => checkCanonicalSecret(String(issue.input)) ?? 'invalid secret',
      ),
    ),
    algorithm: v.picklist(OTP_ALGORITHMS, 'algorithm must be SHA1, SHA256 or SHA512'),
    digits: v.pipe(
      v.number('digits must be a number'),
      v.integer('digits must be a whole number'),
      v.minValue(STEAM_DIGITS, `digits must be ${MIN_DIGITS}–${MAX_DIGITS}`),
      v.maxValue(MAX_DIGITS, `digits must be ${MIN_DIGITS}–${MAX_DIGITS}`),
    ),
    period: v.optional(
      v.pipe(
        v.number(),
        v.integer('period must be whole seconds'),
        v.minValue(1, 'period must be at least 1 second'),
        v.maxValue(MAX_PERIOD, 'period must be at most 86400 seconds'),
      ),
    ),
    counter: v.optional(
      v.pipe(
        v.number(),
        v.integer('counter must be a whole number'),
        v.minValue(0, 'counter cannot be negative'),
        v.maxValue(Number.MAX_SAFE_INTEGER, 'counter is too large'),
      ),
    ),
    issuer: v.pipe(v.string('issuer must be a string'), v.maxLength(MAX_NAME_LENGTH, 'issuer is too long')),
    label: v.pipe(v.string('label must be a string'), v.maxLength(MAX_NAME_LENGTH, 'label is too long')),
    encoder: v.optional(v.picklist(OTP_ENCODERS, 'encoder must be "steam" or absent')),
  }),
  v.check((a) => a.encoder !== undefined || a.digits >= MIN_DIGITS, `digits must be ${MIN_DIGITS}–${MAX_DIGITS}`),
  v.check(
    (a) => a.encoder !== 'steam' || (a.type === 'totp' && a.digits === STEAM_DIGITS && a.algorithm === 'SHA1' && a.period === 30),
    'a Steam Guard account is TOTP with 5 characters, SHA1 and a 30-second period',
  ),
  v.check((a) => a.type !== 'totp' || (a.period !== undefined && a.counter === undefined), 'a TOTP account needs a period and no counter'),
  v.check((a) => a.type !== 'hotp' || (a.counter !== undefined && a.period === undefined), 'an HOTP account needs a counter and no period'),
);

/** A one-time-password account as every part of the extension sees it. */
export type Account = v.InferOutput<typeof AccountSchema>;

/** Validates an unknown value as an Account, or throws InvalidAccountError listing what is wrong. */
export function parseAccount(input: unknown): Account {
  const result = v.safeParse(AccountSchema, input);
  if (result.success) return result.output;
  throw new InvalidAccountError(
    result.issues.slice(0, 8).map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    }),
  );
}

/**
 * Turns a user- or file-supplied secret into canonical base32: removes spaces, hyphens and `=`
 * padding, upper-cases, then checks the alphabet and length. Throws InvalidSecretError naming the
 * first bad character (by position, never echoing the secret itself) or the bad length.
 */
export function normaliseSecret(input: string): string {
  if (typeof input !== 'string') throw new InvalidSecretError('The secret must be text (base32), but none was given.');
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  const unpadded = compact.replace(/=+$/, '');
  if (unpadded.length === 0) throw new InvalidSecretError('The secret is empty: expected a base32 key such as "JBSWY3DPEHPK3PXP".');
  if (unpadded.length > MAX_SECRET_LENGTH)
    throw new InvalidSecretError(`The secret is ${unpadded.length} characters long; at most ${MAX_SECRET_LENGTH} are accepted.`);
  for (let i = 0; i < unpadded.length; i++) {
    const ch = unpadded[i]!;
    if (!/[A-Z2-7]/.test(ch)) {
      const hint =
        ch === '='
          ? '"=" padding may only appear at the end'
          : /[018]/.test(ch)
            ? `base32 has no "${ch}" (did you mean ${ch === '0' ? 'O' : ch === '1' ? 'I or L' : 'B'}?)`
            : 'base32 uses only the letters A–Z and the digits 2–7';
      throw new InvalidSecretError(`The secret has an invalid character at position ${i + 1}: ${hint}.`);
    }
  }
  if (!VALID_TAIL_LENGTHS.has(unpadded.length % 8)) {
    throw new InvalidSecretError(
      `The secret is ${unpadded.length} base32 characters long, which cannot encode whole bytes; a character is probably missing or extra.`,
    );
  }
  return unpadded;
}

/** Decodes a canonical (or normalisable) base32 secret to the raw key bytes. */
export function secretToBytes(secret: string): Uint8Array {
  const canonical = normaliseSecret(secret);
  try {
    return base32nopad.decode(canonical);
  } catch (cause) {
    // Non-zero trailing bits, e.g. "AB" where B's low bits must be 0 in strict decoders: tolerated
    // by authenticator apps, so decode leniently by clearing them.
    return lenientBase32Decode(canonical, cause);
  }
}

function lenientBase32Decode(canonical: string, cause: unknown): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of canonical) {
    const value = alphabet.indexOf(ch);
    if (value < 0) throw new InvalidSecretError(`The secret is not base32 (${String(cause)}).`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Encodes raw key bytes (e.g. from a protobuf or a signed-byte array) as canonical base32. */
export function bytesToSecret(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InvalidSecretError('The secret is empty: the file holds zero key bytes.');
  return base32nopad.encode(bytes);
}

/** Maps the many spellings apps use ("sha1", "SHA-256", "HmacSHA512") to an OtpAlgorithm, else undefined. */
export function parseAlgorithm(raw: unknown): OtpAlgorithm | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw
    .trim()
    .toUpperCase()
    .replace(/^HMAC[-_]?/, '')
    .replace(/[-_]/g, '');
  return (OTP_ALGORITHMS as readonly string[]).includes(name) ? (name as OtpAlgorithm) : undefined;
}

/** Fields accepted by `makeAccount`: what any source knows, before defaults and validation. */
export interface AccountFields {
  type: OtpType;
  secret: string;
  algorithm?: OtpAlgorithm;
  digits?: number;
  period?: number;
  counter?: number;
  issuer?: string;
  label?: string;
  /** `steam` for Steam Guard: digits, algorithm and period are then fixed (5, SHA1, 30). */
  encoder?: OtpEncoder;
}

/**
 * Builds a valid Account from partial fields: normalises the secret, applies the Key Uri Format
 * defaults, trims names, keeps only the field matching the type (period for TOTP, counter for HOTP).
 * Throws InvalidSecretError / InvalidAccountError with a message saying what is wrong.
 */
export function makeAccount(fields: AccountFields): Account {
  if (fields.encoder === 'steam') {
    // Steam apps write whatever they like in digits/period (Aegis: 5, andOTP: none); the code
    // shape is Steam's, so the account always gets Steam's fixed parameters.
    return parseAccount({
      type: 'totp',
      secret: normaliseSecret(fields.secret),
      algorithm: 'SHA1',
      digits: STEAM_DIGITS,
      period: 30,
      issuer: (fields.issuer ?? '').trim() || 'Steam',
      label: (fields.label ?? '').trim(),
      encoder: 'steam',
    });
  }
  const base = {
    type: fields.type,
    secret: normaliseSecret(fields.secret),
    algorithm: fields.algorithm ?? DEFAULTS.algorithm,
    digits: fields.digits ?? DEFAULTS.digits,
    issuer: (fields.issuer ?? '').trim(),
    label: (fields.label ?? '').trim(),
  };
  const candidate = fields.type === 'hotp' ? { ...base, counter: fields.counter ?? DEFAULTS.counter } : { ...base, period: fields.period ?? DEFAULTS.period };
  return parseAccount(candidate);
}

/** The name shown to the user: "Issuer (label)", or whichever of the two exists. */
export function accountDisplayName(account: Pick<Account, 'issuer' | 'label'>): string {
  if (account.issuer && account.label) return `${account.issuer} (${account.label})`;
  return account.issuer || account.label || 'Unnamed account';
}

/** The letter shown in the account's icon: first letter of the issuer, else of the label. */
export function accountIconLetter(account: Pick<Account, 'issuer' | 'label'>): string {
  const source = account.issuer || account.label;
  const first = source.trim().codePointAt(0);
  return first === undefined ? '?' : String.fromCodePoint(first).toLocaleUpperCase();
}

/** Identity for duplicate detection on import: same key material and same OTP parameters. */
export function accountIdentity(account: Account): string {
  const moving = account.type === 'totp' ? `p${account.period}` : 'c';
  if (account.encoder) return `${account.type}-${account.encoder}:${account.algorithm}:${account.digits}:${moving}:${account.secret}`;
  return `${account.type}:${account.algorithm}:${account.digits}:${moving}:${account.secret}`;
}
