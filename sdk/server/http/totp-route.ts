/**
 * POST /twofold/totp/verify — `{ userId, code }` from the site's own server (API key): the
 * library's TOTP verifier (replay, failures across sign-ins, backoff, lockout; sdk/server/totp-verifier.ts)
 * over HTTP, for sites that run `twofold serve` beside their stack. The verifier's backoff and
 * lockout are the per-account limit here (a request-count limit on top would only hide the lock). 200 `{ accepted: true }`, or a
 * 401 (wrong, replayed, malformed code; no enrolment) / 429 with Retry-After (backoff, lockout).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { TwofoldError } from '../../protocol/errors';
import { parseWith } from '../../protocol/validate';
import type { GuardStore } from '../store/types';
import { createTotpVerifier, type TotpVerifierOptions } from '../totp-verifier';
import { readJson, sendJson } from './io';

const TotpVerifyBodySchema = v.object({
  userId: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  code: v.pipe(v.string(), v.maxLength(32)),
});

/** What the route needs from the handler. */
export interface TotpRouteOptions {
  store: Pick<GuardStore, 'readTotpState' | 'updateTotpFailures' | 'acceptTotpStep'>;
  /** The account's TOTP secret; the route answers 404 when the handler has none configured. */
  secretOf: TotpVerifierOptions['secretOf'] | undefined;
  isSite(req: IncomingMessage): boolean;
  maxBodyBytes: number;
  now?: () => number;
}

/** The route handler for POST /twofold/totp/verify. */
export function createTotpVerifyRoute(options: TotpRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const verifier = options.secretOf
    ? createTotpVerifier({ store: options.store, secretOf: options.secretOf, ...(options.now ? { now: options.now } : {}) })
    : undefined;
  return async (req, res) => {
    if (!verifier)
      throw new TwofoldError(
        'not_found',
        'TOTP verification is not configured on this server (give the handler `totpSecretOf`, or `twofold serve --totp-secrets FILE`).',
        { status: 404 },
      );
    if (!options.isSite(req)) {
      throw new TwofoldError('unauthorized', "POST /twofold/totp/verify is for the site's own server: send the API key as `Authorization: Bearer <apiKey>`.", {
        status: 401,
      });
    }
    const body = parseWith(TotpVerifyBodySchema, await readJson(req, options.maxBodyBytes), 'The TOTP verify request');
    await verifier.verify(body.userId, body.code);
    sendJson(res, 200, { accepted: true });
  };
}
