/**
 * `createTwofoldHandler`: the Twofold endpoints as one node:http request handler, usable as
 * Express/Connect middleware (`app.use(handler)`, unknown paths go to `next`) or from Fastify
 * (`fastify.all('/twofold/*', (req, reply) => handler(req.raw, reply.raw))`).
 *
 *   GET  /twofold/nonce                   → { nonce, expiresAt }
 *   POST /twofold/assess                  who may ask (see assessCaller):
 *        the site's server, `Authorization: Bearer <apiKey>`, { userId, sealed? } → { decision, score, reasons, attemptToken? }
 *        the browser, only with `resolveUser` (the user from the site's own session), { sealed? } → { decision }
 *        anyone else → 401, and no reasons, counts or distances ever
 *   POST /twofold/record                  { attemptToken, outcome } (API key) → { recorded, loginId?, rightsToken?, receipt? }
 *   GET|POST /twofold/rights/access       token → every row about that device (also `/export`)
 *   POST /twofold/rights/erase            token → { confirmationId, erased, remainingRows: 0 }
 *   POST /twofold/rights/object           token → stop processing + erase
 *   POST /twofold/rights/rectify          token + loginId → that login of the device no longer vouches ("this wasn't me")
 *   GET  /.well-known/twofold.json        site, keys, rights endpoint, retention, purposes
 *
 * Errors are `{ error: { code, message } }` with a 4xx status; never a stack trace.
 */
import type { ServerResponse } from 'node:http';
import * as v from 'valibot';
import { TwofoldError } from '../../protocol/errors';
import { RectifyRequestSchema, RightsRequestSchema, WELL_KNOWN_PATH } from '../../protocol/rights';
import { parseWith } from '../../protocol/validate';
import { DEFAULT_MAX_BODY_BYTES, bearerToken, clientIp, fromTrustedProxy, hasApiKey, readJson, sendJson, type TwofoldRequest } from './io';
import { compileTrustProxy, type TrustProxy } from './proxy';
import { createRequestLimiter, retryAfterHeader, type RequestLimitsOption } from './limits';
import { MAX_ATTEMPT_TOKEN_LENGTH, createTwofoldService, type TwofoldService, type TwofoldServiceOptions } from './service';
import { createTotpVerifyRoute, type TotpRouteOptions } from './totp-route';
import { routePath } from './route-path';
import { loopbackRequestBase } from './well-known';

/** Options of `createTwofoldHandler` (see TwofoldServiceOptions for the shared ones). */
export interface TwofoldHandlerOptions extends TwofoldServiceOptions {
  /** Largest accepted request body in bytes (default 96 KB). */
  maxBodyBytes?: number;
  /**
   * Proxies in front of this server, as Express's `trust proxy`: a hop count (`1` for one nginx),
   * or their addresses / CIDR ranges (`['10.0.0.0/8']`, `'loopback'`). The client IP is then the
   * right-most X-Forwarded-For entry no trusted proxy wrote, and X-Forwarded-Proto is believed only
   * from a trusted peer. `true` = one hop; default `false` (the socket peer is the client).
   */
  trustProxy?: TrustProxy;
  /**
   * The secret the site's own server sends as `Authorization: Bearer <apiKey>`: enables
   * POST /twofold/assess with any `userId` and full reasons, and POST /twofold/record.
   */
  apiKey?: string;
  /**
   * Lets the browser call POST /twofold/assess itself: returns the user of the request's session on
   * the site (e.g. the account whose password was just checked), or nothing (answered 403). The
   * user id is never taken from the body of such a call, and the answer is only `{ decision }`.
   */
  resolveUser?: (req: TwofoldRequest) => string | undefined | Promise<string | undefined>;
  /** How often the retention purge runs (default hourly; 0 disables the timer). */
  purgeIntervalMs?: number;
  /** Rate limits shared through the store (sdk/server/http/limits.ts); `false` turns them off. Default: on. */
  limits?: RequestLimitsOption;
  /** Enables POST /twofold/totp/verify (API key): the account's base32 TOTP secret, or undefined. */
  totpSecretOf?: TotpRouteOptions['secretOf'];
  /** Called with unexpected (non-Twofold) errors, e.g. a database outage; default console.error. */
  onError?: (error: unknown) => void;
}

/** The handler function plus its service and a way to stop the purge timer. */
export interface TwofoldHandler {
  (req: TwofoldRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void>;
  readonly service: TwofoldService;
  /** Runs the retention purge now; resolves to rows removed. */
  purgeNow(): Promise<number>;
  /** Stops the purge timer. */
  close(): void;
}

type Route = (req: TwofoldRequest, res: ServerResponse) => Promise<void>;

const AssessBodySchema = v.object({
  userId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
  sealed: v.optional(v.string()),
});
const RecordBodySchema = v.object({ attemptToken: v.pipe(v.string(), v.maxLength(MAX_ATTEMPT_TOKEN_LENGTH)), outcome: v.picklist(['success', 'failure']) });

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

/** Creates the Twofold HTTP handler over a store and site keys. */
export function createTwofoldHandler(options: TwofoldHandlerOptions): TwofoldHandler {
  const service = createTwofoldService({ ...options, attemptTokens: options.attemptTokens ?? Boolean(options.apiKey) });
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const trust = compileTrustProxy(options.trustProxy);
  const base = (options.basePath ?? '/twofold').replace(/\/$/, '');
  // Whether the caller holds the API key, and the client IP, are asked by the limiter and again by
  // the route: each is worked out once per request (a SHA-256 of the bearer; with trusted proxies a
  // walk of X-Forwarded-For).
  const sites = new WeakMap<TwofoldRequest, boolean>();
  const isSite = (req: TwofoldRequest): boolean => {
    let site = sites.get(req);
    if (site === undefined) {
      site = hasApiKey(req, options.apiKey);
      sites.set(req, site);
    }
    return site;
  };
  const ips = new WeakMap<TwofoldRequest, string>();
  const ipOf = (req: TwofoldRequest): string => {
    let ip = ips.get(req);
    if (ip === undefined) {
      ip = clientIp(req, trust);
      ips.set(req, ip);
    }
    return ip;
  };
  const limits = createRequestLimiter({
    store: options.store,
    limits: options.limits,
    basePath: base,
    ipOf,
    isSite,
    ...(options.now ? { now: options.now } : {}),
  });
  const onError = options.onError ?? ((error: unknown) => console.error('twofold: unexpected error', error));

  const rightsToken = async (req: TwofoldRequest): Promise<unknown> => {
    const header = bearerToken(req);
    if (header) return header;
    if (req.method === 'GET') return undefined;
    return parseWith(RightsRequestSchema, await readJson(req, maxBody), 'The rights request').token;
  };

  const access: Route = async (req, res) => sendJson(res, 200, await service.access(await rightsToken(req)), CORS);

  /**
   * Who is asking for an assessment: the site's server (valid API key), or the browser of a
   * session the site vouches for (`resolveUser`). Anyone else gets 401 before the body is read.
   */
  const assessCaller = async (req: TwofoldRequest): Promise<{ kind: 'server' } | { kind: 'browser'; userId: string }> => {
    if (isSite(req)) return { kind: 'server' };
    if (bearerToken(req) !== undefined || !options.resolveUser) {
      throw new TwofoldError(
        'unauthorized',
        options.resolveUser || options.apiKey
          ? "POST /twofold/assess needs the site's API key (`Authorization: Bearer <apiKey>`, from the site's server) or a signed-in session on the site."
          : "POST /twofold/assess is closed: configure `apiKey` for calls from the site's server, or `resolveUser` to take the user from the site's session.",
        { status: 401 },
      );
    }
    const userId = await options.resolveUser(req);
    if (typeof userId !== 'string' || userId === '') {
      throw new TwofoldError(
        'forbidden',
        'No signed-in user for this request: the site decides who may be assessed from the browser (resolveUser returned nothing).',
        { status: 403 },
      );
    }
    return { kind: 'browser', userId };
  };

  /** A trusted proxy's X-Forwarded-Proto (http or https only), else undefined. */
  const forwardedHttps = (req: TwofoldRequest): boolean | undefined => {
    if (!fromTrustedProxy(req, trust)) return undefined;
    const proto = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')
      .pop()
      ?.trim()
      .toLowerCase();
    return proto === 'https' ? true : proto === 'http' ? false : undefined;
  };

  const routes = new Map<string, Map<string, Route>>([
    [`${base}/nonce`, new Map([['GET', async (_req, res) => sendJson(res, 200, await service.issueNonce())]])],
    [
      `${base}/assess`,
      new Map([
        [
          'POST',
          async (req, res) => {
            const caller = await assessCaller(req);
            const body = parseWith(AssessBodySchema, await readJson(req, maxBody), 'The assess request');
            const userId = caller.kind === 'server' ? body.userId : caller.userId;
            if (!userId)
              throw new TwofoldError('user_required', 'POST /twofold/assess needs the account being signed in to: `userId` in the JSON body.', { status: 400 });
            await limits.account('assess', userId);
            const out = await service.assess({ userId, sealed: body.sealed, ip: ipOf(req), userAgent: String(req.headers['user-agent'] ?? '') });
            // The browser learns only what it needs to act on; reasons, scores and history facts (counts,
            // distances, seen IPs) go to the site's server alone.
            if (caller.kind === 'browser') return sendJson(res, 200, { decision: out.assessment.decision });
            sendJson(res, 200, {
              decision: out.assessment.decision,
              score: out.assessment.score,
              reasons: out.assessment.reasons,
              ...(out.attemptToken ? { attemptToken: out.attemptToken } : {}),
            });
          },
        ],
      ]),
    ],
    [
      `${base}/record`,
      new Map([
        [
          'POST',
          async (req, res) => {
            if (!isSite(req)) {
              throw new TwofoldError(
                'unauthorized',
                "POST /twofold/record is for the site's own server: configure `apiKey` and send it as `Authorization: Bearer <apiKey>`.",
                { status: 401 },
              );
            }
            const body = parseWith(RecordBodySchema, await readJson(req, maxBody), 'The record request');
            const result = await service.recordByToken(body.attemptToken, body.outcome);
            sendJson(res, 200, { recorded: result.loginId !== undefined, ...result });
          },
        ],
      ]),
    ],
    [
      `${base}/rights/access`,
      new Map([
        ['GET', access],
        ['POST', access],
      ]),
    ],
    [
      `${base}/rights/export`,
      new Map([
        ['GET', access],
        ['POST', access],
      ]),
    ],
    [`${base}/rights/erase`, new Map([['POST', async (req, res) => sendJson(res, 200, await service.erase(await rightsToken(req)), CORS)]])],
    [`${base}/rights/object`, new Map([['POST', async (req, res) => sendJson(res, 200, await service.object(await rightsToken(req)), CORS)]])],
    [
      `${base}/rights/rectify`,
      new Map([
        [
          'POST',
          async (req, res) => {
            const body = parseWith(RectifyRequestSchema, await readJson(req, maxBody), 'The rectify request');
            sendJson(res, 200, await service.rectify(bearerToken(req) ?? body.token, body.loginId), CORS);
          },
        ],
      ]),
    ],
    [
      `${base}/totp/verify`,
      new Map([
        [
          'POST',
          createTotpVerifyRoute({
            store: options.store,
            secretOf: options.totpSecretOf,
            isSite,
            maxBodyBytes: maxBody,
            ...(options.now ? { now: options.now } : {}),
          }),
        ],
      ]),
    ],
    // no-store (sendJson's default): the document is cheap, and a cached copy must never outlive a key change.
    [WELL_KNOWN_PATH, new Map([['GET', async (req, res) => sendJson(res, 200, service.wellKnown(loopbackRequestBase(req, forwardedHttps(req))), CORS)]])],
  ]);

  const handler = async (req: TwofoldRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    const path = routePath(req, routes);
    const methods = routes.get(path);
    if (!methods) {
      if (next) return next();
      return sendJson(res, 404, { error: { code: 'not_found', message: `No Twofold endpoint at ${path || req.url}.` } });
    }
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-max-age': '600' });
      res.end();
      return;
    }
    const route = methods.get(method === 'HEAD' ? 'GET' : method);
    if (!route) {
      const allow = [...methods.keys()].join(', ');
      return sendJson(res, 405, { error: { code: 'method_not_allowed', message: `${path} accepts ${allow}, not ${method}.` } }, { allow });
    }
    try {
      await limits.request(req, path);
      await route(req, res);
    } catch (error) {
      if (error instanceof TwofoldError && ((error.status >= 400 && error.status < 500) || error.status === 503)) {
        // 503: unavailable for a moment (the store is locked by a long write elsewhere): the caller may retry; the operator is told.
        if (error.status === 503) onError(error);
        sendJson(res, error.status, error.toJSON(), { ...(path.includes('/rights/') ? CORS : {}), ...retryAfterHeader(error) });
      } else {
        onError(error);
        sendJson(res, 500, { error: { code: 'internal_error', message: 'The Twofold handler failed unexpectedly; the site operator has been told.' } });
      }
    }
  };

  const purgeNow = () => service.purge();
  const interval = options.purgeIntervalMs ?? 60 * 60 * 1000;
  const timer =
    interval > 0
      ? setInterval(() => {
          purgeNow().catch(onError);
        }, interval)
      : undefined;
  // The purge timer must never keep a process alive on its own.
  timer?.unref();

  return Object.assign(handler, {
    service,
    purgeNow,
    close: () => {
      if (timer) clearInterval(timer);
    },
  });
}
