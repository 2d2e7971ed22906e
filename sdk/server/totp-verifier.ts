/**
 * The one way to check a TOTP code: a verifier bound to the store. `verify(userId, code)` looks the
 * secret up through the site's callback and does, shared by every instance on the store:
 * - replay refusal (RFC 6238 §5.2): a code of a step at or before the last accepted one is refused;
 * - failures counted per account across sign-ins (a new login does not reset them), with no delay
 *   for the first 5, then 1, 2, 4, 8, 16 s before the next try, and a 15-minute lockout from the
 *   10th consecutive failure on; at 100 (NIST SP 800-63B §5.2.2's ceiling) the account stays locked
 *   until `unlock` (the site's recovery). An accepted code resets the count.
 * Each try is counted as a failure *before* the code is checked (compare-and-set on the stored
 * count), so racing guesses cannot slip past the backoff and a crash mid-check costs a try, not a lock.
 *
 * It cannot be used as a condition: `verify` resolves to nothing (void) when the code is accepted
 * and rejects with `TotpRefusedError` otherwise, so `if (await verifier.verify(…))` does not compile
 * (TS1345) nor does `if (verifier.verify(…))` (TS2801); code after the `await` runs only for an
 * accepted code.
 */
import { verify as otpVerify } from 'otplib';
import { TwofoldError, type TwofoldErrorCode } from '../protocol/errors';
import type { GuardStore, TotpState } from './store/types';
import type { TotpParams } from './totp';

/** Why a code was refused. */
export type TotpRefusalReason = 'malformed' | 'invalid' | 'replayed' | 'throttled' | 'locked' | 'not-enrolled';

/** The error code of each refusal reason. */
const TOTP_REFUSAL_CODES = {
  malformed: 'totp_malformed',
  invalid: 'totp_invalid',
  replayed: 'totp_replayed',
  throttled: 'totp_throttled',
  locked: 'totp_locked',
  'not-enrolled': 'totp_not_enrolled',
} as const satisfies Record<TotpRefusalReason, TwofoldErrorCode>;

/** A refused code: `reason`, and for `throttled` / `locked` how long until the next try may be checked. */
export class TotpRefusedError extends TwofoldError {
  readonly reason: TotpRefusalReason;
  /** Milliseconds until a code will be checked again (throttled / locked; absent for a lock only `unlock` lifts). */
  readonly retryAfterMs: number | undefined;

  constructor(reason: TotpRefusalReason, message: string, retryAfterMs?: number) {
    super(TOTP_REFUSAL_CODES[reason], message, { status: reason === 'throttled' || reason === 'locked' ? 429 : 401 });
    this.name = 'TotpRefusedError';
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Failure counting; the defaults are the numbers in the README ("Holding up"). */
export interface TotpLockoutPolicy {
  /** Consecutive failures with no delay (default 5). */
  freeFailures: number;
  /** Delay after failure `freeFailures` + k is baseDelayMs × 2^k (default 1 s: 1, 2, 4, 8, 16 s). */
  baseDelayMs: number;
  /** Consecutive failures that lock the account (default 10). */
  lockAfter: number;
  /** How long each lock lasts (default 15 minutes). */
  lockMs: number;
  /** Consecutive failures after which only `unlock` lifts the lock (default 100, NIST SP 800-63B §5.2.2). */
  maxFailures: number;
}

/** The default lockout policy. */
export const DEFAULT_TOTP_LOCKOUT: TotpLockoutPolicy = { freeFailures: 5, baseDelayMs: 1000, lockAfter: 10, lockMs: 15 * 60 * 1000, maxFailures: 100 };

/** Options of `createTotpVerifier`. */
export interface TotpVerifierOptions extends TotpParams {
  /** The library's store (SQLite / PostgreSQL / memory): replay steps and failure counts live there. */
  store: Pick<GuardStore, 'readTotpState' | 'updateTotpFailures' | 'acceptTotpStep'>;
  /** The account's base32 TOTP secret, or undefined when it has none (refused as `not-enrolled`). */
  secretOf(userId: string): string | undefined | Promise<string | undefined>;
  /** Time steps accepted either side of now (default 1: one period of clock drift each way). */
  window?: number;
  lockout?: Partial<TotpLockoutPolicy>;
  now?: () => number;
}

/** A TOTP verifier bound to a store. */
export interface TotpVerifier {
  /** Resolves when `code` is accepted for `userId`; rejects with TotpRefusedError when refused. */
  verify(userId: string, code: string): Promise<void>;
  /** Clears the failure count (the site's account recovery, e.g. after a support check). */
  unlock(userId: string): Promise<void>;
}

const MAX_ACCOUNT_LENGTH = 256;
/** The stored "never" of a lock only `unlock` lifts. */
const FOREVER = Number.MAX_SAFE_INTEGER;

/** Creates the verifier. */
export function createTotpVerifier(options: TotpVerifierOptions): TotpVerifier {
  const policy = { ...DEFAULT_TOTP_LOCKOUT, ...options.lockout };
  const digits = options.digits ?? 6;
  const period = options.period ?? 30;
  const window = Math.max(0, Math.floor(options.window ?? 1));
  const codePattern = new RegExp(`^\\d{${digits}}$`);
  const clock = options.now ?? Date.now;
  const { store } = options;

  /** When the try after `failures` consecutive failures may be checked. */
  const nextAllowed = (failures: number, now: number): number => {
    if (failures >= policy.maxFailures) return FOREVER;
    if (failures >= policy.lockAfter) return now + policy.lockMs;
    if (failures >= policy.freeFailures) return now + policy.baseDelayMs * 2 ** (failures - policy.freeFailures);
    return 0;
  };

  const refusedWhileWaiting = (state: TotpState, now: number): TotpRefusedError => {
    if (state.nextAllowedAt === FOREVER) {
      return new TotpRefusedError('locked', `Too many wrong codes (${state.failures}); this account's codes stay refused until the site unlocks it.`);
    }
    const wait = state.nextAllowedAt - now;
    return state.failures >= policy.lockAfter
      ? new TotpRefusedError('locked', `Too many wrong codes; try again in ${Math.ceil(wait / 60_000)} minute(s).`, wait)
      : new TotpRefusedError('throttled', `Wait ${Math.ceil(wait / 1000)} s before the next code.`, wait);
  };

  async function matchStep(secret: string, token: string, now: number): Promise<number | undefined> {
    try {
      const result = await otpVerify({
        strategy: 'totp',
        secret,
        token,
        algorithm: options.algorithm ?? 'sha1',
        digits,
        period,
        epoch: Math.floor(now / 1000),
        epochTolerance: window * period,
      });
      return result.valid ? ('timeStep' in result ? result.timeStep : 0) : undefined;
    } catch (cause) {
      throw new TwofoldError(
        'totp_bad_secret',
        'The stored TOTP secret is not valid base32 of at least 16 bytes; re-enrol the user with createTotpEnrollment().',
        { cause, status: 500 },
      );
    }
  }

  return {
    async verify(userId, code) {
      if (typeof userId !== 'string' || userId === '' || userId.length > MAX_ACCOUNT_LENGTH) {
        throw new TwofoldError('totp_bad_account', `verify needs the account id as a string of 1 to ${MAX_ACCOUNT_LENGTH} characters.`);
      }
      const secret = await options.secretOf(userId);
      if (!secret) throw new TotpRefusedError('not-enrolled', 'This account has no authenticator app enrolled.');
      const now = clock();
      const state = await store.readTotpState(userId);
      if (state.nextAllowedAt > now) throw refusedWhileWaiting(state, now);
      const token = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
      if (!codePattern.test(token)) {
        throw new TotpRefusedError('malformed', `Expected a ${digits}-digit code from the authenticator app.`);
      }
      // Count the try before checking it: of racing tries on one state, one proceeds.
      const failures = state.failures + 1;
      if (!(await store.updateTotpFailures(userId, state, { failures, nextAllowedAt: nextAllowed(failures, now) }))) {
        throw new TotpRefusedError('throttled', 'Another code for this account is being checked; try again in a second.', 1000);
      }
      const step = await matchStep(secret, token, now);
      if (step === undefined) {
        const locked = failures >= policy.lockAfter ? ` Too many wrong codes: the account is locked for ${Math.round(policy.lockMs / 60_000)} minutes.` : '';
        throw new TotpRefusedError('invalid', `The code is wrong or expired; enter the current code from the authenticator app.${locked}`);
      }
      if (!(await store.acceptTotpStep(userId, step))) {
        throw new TotpRefusedError('replayed', 'This code was already used; wait for the next code in the authenticator app.');
      }
    },

    async unlock(userId) {
      for (let tries = 0; tries < 5; tries++) {
        const state = await store.readTotpState(userId);
        if (state.failures === 0 && state.nextAllowedAt === 0) return;
        if (await store.updateTotpFailures(userId, state, { failures: 0, nextAllowedAt: 0 })) return;
      }
      throw new TwofoldError('totp_busy', "The account's codes are being checked concurrently; try unlocking again.", { status: 409 });
    },
  };
}
