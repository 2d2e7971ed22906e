/**
 * One-time codes from vault accounts, through otplib 13 (RFC 4226 HOTP / RFC 6238 TOTP with SHA1,
 * SHA256 or SHA512 and 6–8 digits). The single code path used by the popup, autofill and the tests.
 * Steam Guard accounts (`encoder: 'steam'`) take RFC 4226's dynamic truncation and write the 31-bit
 * value in Steam's 26-letter alphabet, least significant first: otplib only writes decimal, so
 * that step is the small function below over WebCrypto's HMAC-SHA1.
 */
import { createGuardrails, generate } from 'otplib';
import { STEAM_ALPHABET, STEAM_DIGITS, secretToBytes, type Account } from '../account';

// otplib refuses keys under 16 bytes (RFC 4226's recommendation). Real services still issue 10-byte
// keys (e.g. "JBSWY3DPEHPK3PXP"), and an authenticator must produce their codes, so accept any key
// the account model accepts.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1 });

const hash = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const;

/** A TOTP code and the Unix ms at which it stops being current. */
export interface TotpCode {
  code: string;
  validUntil: number;
}

/** The TOTP code of `account` at `nowMs` (Unix milliseconds). */
export async function totpCode(account: Account, nowMs: number): Promise<TotpCode> {
  if (account.type !== 'totp') throw new TypeError('totpCode needs a TOTP account');
  const period = account.period ?? 30;
  const epoch = Math.floor(nowMs / 1000);
  const validUntil = (Math.floor(epoch / period) + 1) * period * 1000;
  if (account.encoder === 'steam') return { code: await steamCode(secretToBytes(account.secret), Math.floor(epoch / period)), validUntil };
  const code = await generate({
    strategy: 'totp',
    secret: secretToBytes(account.secret),
    algorithm: hash[account.algorithm],
    digits: account.digits,
    period,
    epoch,
    guardrails,
  });
  return { code, validUntil };
}

/** The Steam Guard code of `key` for time step `step` (Unix seconds / 30). */
export async function steamCode(key: Uint8Array, step: number): Promise<string> {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(step), false);
  const hmacKey = await crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, message));
  const offset = mac[mac.length - 1]! & 0x0f;
  let value = new DataView(mac.buffer).getUint32(offset, false) & 0x7fffffff;
  let code = '';
  for (let i = 0; i < STEAM_DIGITS; i++) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}

/** The HOTP code of `account` for `counter` (the caller persists the next counter first). */
export function hotpCode(account: Account, counter: number): Promise<string> {
  return generate({ strategy: 'hotp', secret: secretToBytes(account.secret), algorithm: hash[account.algorithm], digits: account.digits, counter, guardrails });
}
