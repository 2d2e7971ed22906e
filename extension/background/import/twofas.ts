/**
 * 2FAS Authenticator backup (`.2fas` / `.json`), schema versions 1–4:
 * `{ services: [...], schemaVersion, servicesEncrypted?, reference? }`. Schema 1–2 have no token
 * type (every service is TOTP); 3+ add `otp.tokenType` (TOTP, HOTP, STEAM) and `otp.counter`.
 * Encrypted: `servicesEncrypted` = base64(ciphertext‖tag) ":" base64(salt) ":" base64(iv); the key
 * is PBKDF2-HMAC-SHA256(password, salt, 10 000 rounds, 256 bits), the cipher AES-256-GCM. The
 * `reference` field is a known text encrypted the same way, used to tell a wrong password apart
 * from damaged data.
 */
import * as v from 'valibot';
import { makeAccount, parseAlgorithm, type Account } from '../../account';
import { aesGcmOpen, decodeBase64, decodeUtf8, pbkdf2 } from './crypto';
import { convertEntries, describeEntry, isRecord, parseEntry, parseFileShape } from './entries';
import { CorruptFileError, PasswordRequiredError, UnsupportedEntryError, WrongPasswordError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = '2FAS';
const PBKDF2_ROUNDS = 10_000;

const FileShape = v.object({
  services: v.array(v.unknown()),
  schemaVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  servicesEncrypted: v.optional(v.nullable(v.string())),
  reference: v.optional(v.nullable(v.string())),
});
const Service = v.object({
  name: v.optional(v.nullable(v.string()), ''),
  secret: v.string(),
  otp: v.optional(
    v.object({
      account: v.optional(v.nullable(v.string())),
      issuer: v.optional(v.nullable(v.string())),
      label: v.optional(v.nullable(v.string())),
      digits: v.optional(v.number()),
      period: v.optional(v.number()),
      counter: v.optional(v.number()),
      algorithm: v.optional(v.string()),
      tokenType: v.optional(v.string()),
    }),
    {},
  ),
});

function toAccount(raw: unknown): Account {
  const service = parseEntry(Service, raw);
  const otp = service.otp;
  const tokenType = (otp.tokenType ?? 'TOTP').toUpperCase();
  if (tokenType !== 'TOTP' && tokenType !== 'HOTP' && tokenType !== 'STEAM') {
    throw new UnsupportedEntryError(`The service is of type ${tokenType.slice(0, 20)}; Twofold supports TOTP, HOTP and Steam.`);
  }
  const algorithm = otp.algorithm === undefined ? undefined : parseAlgorithm(otp.algorithm);
  if (otp.algorithm !== undefined && algorithm === undefined)
    throw new UnsupportedEntryError(`The service uses the algorithm "${otp.algorithm.slice(0, 20)}"; Twofold supports SHA1, SHA256 and SHA512.`);
  const issuer = otp.issuer?.trim() || service.name?.trim() || '';
  let label = otp.account?.trim() || otp.label?.trim() || '';
  if (issuer && label.toLowerCase().startsWith(`${issuer.toLowerCase()}:`)) label = label.slice(issuer.length + 1);
  if (tokenType === 'STEAM') return makeAccount({ type: 'totp', encoder: 'steam', secret: service.secret, issuer, label });
  return makeAccount({
    type: tokenType === 'HOTP' ? 'hotp' : 'totp',
    secret: service.secret,
    algorithm,
    digits: otp.digits,
    period: otp.period,
    counter: otp.counter,
    issuer,
    label,
  });
}

interface Sealed {
  ciphertext: Uint8Array;
  salt: Uint8Array;
  iv: Uint8Array;
}

function splitSealed(value: string, what: string): Sealed {
  const [ciphertext, salt, iv, ...rest] = value.split(':').map((part) => decodeBase64(part));
  if (!ciphertext || !salt || !iv || rest.length > 0 || salt.length === 0 || iv.length === 0) {
    throw new CorruptFileError(FORMAT, `${what} is not "ciphertext:salt:iv" in base64`);
  }
  return { ciphertext, salt, iv };
}

async function decryptServices(encrypted: string, reference: string | null | undefined, password: string | undefined): Promise<unknown[]> {
  if (password === undefined || password === '') throw new PasswordRequiredError(FORMAT);
  const services = splitSealed(encrypted, 'servicesEncrypted');
  const key = await pbkdf2('SHA-256', password, services.salt, PBKDF2_ROUNDS, 32);
  if (reference) {
    const sealedReference = splitSealed(reference, 'reference');
    const referenceKey = sameBytes(sealedReference.salt, services.salt) ? key : await pbkdf2('SHA-256', password, sealedReference.salt, PBKDF2_ROUNDS, 32);
    if ((await aesGcmOpen(referenceKey, sealedReference.iv, sealedReference.ciphertext)) === undefined) throw new WrongPasswordError(FORMAT);
  }
  const plain = await aesGcmOpen(key, services.iv, services.ciphertext);
  if (plain === undefined) {
    if (reference) throw new CorruptFileError(FORMAT, 'the encrypted services fail their integrity check');
    throw new WrongPasswordError(FORMAT, ' (or the file is damaged)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(plain) ?? '');
  } catch {
    throw new CorruptFileError(FORMAT, 'the decrypted services are not JSON');
  }
  if (!Array.isArray(parsed)) throw new CorruptFileError(FORMAT, 'the decrypted services are not a list');
  return parsed;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** 2FAS plain and encrypted backup importer. */
export const twoFasImporter: Importer = {
  id: '2fas',
  name: FORMAT,
  detect: (input) =>
    isRecord(input.json) &&
    Array.isArray(input.json.services) &&
    ('schemaVersion' in input.json || 'servicesEncrypted' in input.json || 'appOrigin' in input.json),
  async read(input, password): Promise<ImportResult> {
    const file = parseFileShape(FileShape, input.json, FORMAT);
    const services = file.servicesEncrypted ? await decryptServices(file.servicesEncrypted, file.reference, password) : file.services;
    return convertEntries(services, (s, i) => (isRecord(s) ? describeEntry(i, s.name, isRecord(s.otp) ? s.otp.account : undefined) : `#${i + 1}`), toAccount);
  },
};
