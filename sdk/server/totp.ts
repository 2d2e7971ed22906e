/**
 * TOTP for sites (RFC 6238) on otplib: enrolment (secret, otpauth URI, QR as SVG) and verification
 * with RFC 6238 §5.2 replay protection — once a code for time step T was accepted, no code for a
 * step ≤ T is accepted again. Outcomes are a discriminated union; only programmer errors throw.
 */
import { generate, generateSecret, generateURI, verify } from 'otplib';
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
    throw new TwofoldError('totp_bad_enrollment', 'createTotpEnrollment needs a non-empty `issuer` (your site name) and `account` (the user\'s login name or email).');
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

/** Options of `verifyTotp`. */
export interface VerifyTotpOptions extends TotpParams {
  /** Time steps accepted either side of now (default 1: one period of clock drift each way). */
  window?: number;
  /** The step of the last accepted code for this secret (from a previous `{ ok: true, step }`). */
  lastUsedStep?: number | null;
  /** Verification time in ms since the epoch (default Date.now()). */
  now?: number;
}

/** Why a code was refused. */
export type TotpRefusal = 'malformed' | 'invalid' | 'replayed';

/** Outcome of `verifyTotp`: accepted with the matched step (persist it), or refused with a reason. */
export type TotpVerifyResult =
  | { ok: true; step: number; delta: number }
  | { ok: false; reason: TotpRefusal; message: string };

/**
 * Verifies `code` against `secret` within ±window steps. A code whose step is ≤ `lastUsedStep` is
 * refused as `replayed`; on success the caller must persist the returned `step` as `lastUsedStep`
 * (or use `createTotpVerifier`, which does this atomically through a TotpReplayStore).
 */
export async function verifyTotp(secret: string, code: string, options: VerifyTotpOptions = {}): Promise<TotpVerifyResult> {
  const digits = options.digits ?? 6;
  const token = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
  if (!new RegExp(`^\\d{${digits}}$`).test(token)) {
    return { ok: false, reason: 'malformed', message: `Expected a ${digits}-digit code from the authenticator app.` };
  }
  const period = options.period ?? 30;
  const window = Math.max(0, Math.floor(options.window ?? 1));
  let result;
  try {
    result = await verify({
      strategy: 'totp',
      secret,
      token,
      algorithm: options.algorithm ?? 'sha1',
      digits,
      period,
      epoch: Math.floor((options.now ?? Date.now()) / 1000),
      epochTolerance: window * period,
    });
  } catch (cause) {
    throw new TwofoldError('totp_bad_secret', 'The stored TOTP secret is not valid base32 of at least 16 bytes; re-enrol the user with createTotpEnrollment().', { cause });
  }
  if (!result.valid) return { ok: false, reason: 'invalid', message: 'The code is wrong or expired; enter the current code from the authenticator app.' };
  const step = 'timeStep' in result ? result.timeStep : 0;
  if (options.lastUsedStep !== undefined && options.lastUsedStep !== null && step <= options.lastUsedStep) {
    return { ok: false, reason: 'replayed', message: 'This code was already used; wait for the next code in the authenticator app.' };
  }
  return { ok: true, step, delta: 'delta' in result ? result.delta : 0 };
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

/** Where the last accepted step per enrolment lives; `claimStep` must be atomic across instances. */
export interface TotpReplayStore {
  readonly name: string;
  lastStep(key: string): Promise<number | undefined>;
  /** Records `step` for `key` iff it is greater than the recorded one; true when recorded. */
  claimStep(key: string, step: number): Promise<boolean>;
}

/** An in-memory TotpReplayStore (one process). */
export function createMemoryTotpReplayStore(): TotpReplayStore {
  const steps = new Map<string, number>();
  return {
    name: 'memory',
    async lastStep(key) {
      return steps.get(key);
    },
    async claimStep(key, step) {
      const last = steps.get(key);
      if (last !== undefined && step <= last) return false;
      steps.set(key, step);
      return true;
    },
  };
}

/** Binds `verifyTotp` to a replay store: `verify(key, secret, code)` accepts each code at most once. */
export function createTotpVerifier(replay: TotpReplayStore, defaults: VerifyTotpOptions = {}) {
  return async (key: string, secret: string, code: string, options: VerifyTotpOptions = {}): Promise<TotpVerifyResult> => {
    const merged = { ...defaults, ...options };
    const result = await verifyTotp(secret, code, { ...merged, lastUsedStep: await replay.lastStep(key) });
    if (!result.ok) return result;
    // A concurrent request may have claimed this step between the read and now: refuse as a replay.
    if (!(await replay.claimStep(key, result.step))) {
      return { ok: false, reason: 'replayed', message: 'This code was already used; wait for the next code in the authenticator app.' };
    }
    return result;
  };
}
