/**
 * TOTP for sites (RFC 6238) on otplib: enrolment (secret, otpauth URI, QR as SVG) and the current
 * code. Verification lives in sdk/server/totp-verifier.ts only: one verifier bound to the store
 * that does replay refusal, backoff and lockout itself, so no caller can skip them.
 */
import { generate, generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import { TwofoldError } from '../protocol/errors';

/** Hash algorithms RFC 6238 allows. */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** Code parameters; the defaults (SHA-1, 6 digits, 30 s) are what every authenticator app supports. */
export interface TotpParams {
  algorithm?: TotpAlgorithm;
  digits?: 6 | 7 | 8;
  period?: number;
}

/** A new TOTP enrolment to show the user once and store (`secret`) server-side. */
export interface TotpEnrollment {
  /** Base32 shared secret (160 bits by default). Store it encrypted or at least server-side only. */
  secret: string;
  /** `otpauth://totp/...` URI, for manual entry or a QR code. */
  uri: string;
  /** The URI as a QR code, a standalone SVG document string. */
  qrSvg: string;
}

/** Creates a secret, its otpauth URI and a QR code (SVG) for `account` at `issuer`. */
export async function createTotpEnrollment(options: { issuer: string; account: string; secretBytes?: number } & TotpParams): Promise<TotpEnrollment> {
  if (!options.issuer?.trim() || !options.account?.trim()) {
    throw new TwofoldError(
      'totp_bad_enrollment',
      "createTotpEnrollment needs a non-empty `issuer` (your site name) and `account` (the user's login name or email).",
    );
  }
  if (options.issuer.includes(':') || options.account.includes(':')) {
    throw new TwofoldError('totp_bad_enrollment', 'The issuer and account must not contain ":" (it separates them in the otpauth label).');
  }
  const secret = generateSecret({ length: options.secretBytes ?? 20 });
  const uri = generateURI({
    strategy: 'totp',
    issuer: options.issuer,
    label: options.account,
    secret,
    algorithm: options.algorithm ?? 'sha1',
    digits: options.digits ?? 6,
    period: options.period ?? 30,
  });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/** The current code for a secret (for tests, demos and CLI tools; sites never need it). */
export function generateTotp(secret: string, options: TotpParams & { now?: number } = {}): Promise<string> {
  return generate({
    strategy: 'totp',
    secret,
    algorithm: options.algorithm ?? 'sha1',
    digits: options.digits ?? 6,
    period: options.period ?? 30,
    epoch: Math.floor((options.now ?? Date.now()) / 1000),
  });
}
