/**
 * `createTwofoldHandler`: the Twofold endpoints as one node:http request handler, usable as
 * Express/Connect middleware (`app.use(handler)`, unknown paths go to `next`) or from Fastify
 * (`fastify.all('/twofold/*', (req, reply) => handler(req.raw, reply.raw))`).
 *
 *   GET  /twofold/nonce                   → { nonce, expiresAt }
 *   POST /twofold/assess                  { userId, sealed? } → { decision, score, reasons, rightsToken?, receipt?, attemptToken? }
 *   POST /twofold/record                  { attemptToken, outcome } (only with `apiKey`, as a Bearer token)
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
import { DEFAULT_MAX_BODY_BYTES, bearerToken, clientIp, readJson, sendJson, type TwofoldRequest } from './io';
import { MAX_ATTEMPT_TOKEN_LENGTH, createTwofoldService, type TwofoldService, type TwofoldServiceOptions } from './service';

/** Options of `createTwofoldHandler` (see TwofoldServiceOptions for the shared ones). */
export interface TwofoldHandlerOptions extends TwofoldServiceOptions {
  /** Largest accepted request body in bytes (default 96 KB). */
  maxBodyBytes?: number;
  /** Take the client IP from X-Forwarded-For and the scheme from X-Forwarded-Proto (behind a proxy you run). */
  trustProxy?: boolean;
  /** Enables POST /twofold/record for server-to-server calls bearing `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /**
   * Who is signing in, for POST /twofold/assess. Default: `body.userId`. Sites should derive it from
   * their own session (after the password check) so the endpoint cannot be used to probe accounts.
   */
  resolveUser?: (req: TwofoldRequest, body: { userId?: string }) => string | undefined | Promise<string | undefined>;
  /** How often the retention purge runs (default hourly; 0 disables the timer). */
  purgeIntervalMs?: number;
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

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS' };

/** Creates the Twofold HTTP handler over a store and site keys. */
export function createTwofoldHandler(options: TwofoldHandlerOptions): TwofoldHandler {
  const service = createTwofoldService({ ...options, attemptTokens: options.attemptTokens ?? Boolean(options.apiKey) });
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const trustProxy = options.trustProxy ?? false;
  const base = (options.basePath ?? '/twofold').replace(/\/$/, '');
  const onError = options.onError ?? ((error: unknown) => console.error('twofold: unexpected error', error));

  const rightsToken = async (req: TwofoldRequest): Promise<unknown> => {
    const header = bearerToken(req);
    if (header) return header;
    if (req.method === 'GET') return undefined;
    return parseWith(RightsRequestSchema, await readJson(req, maxBody), 'The rights request').token;
  };

  const access: Route = async (req, res) => sendJson(res, 200, await service.access(await rightsToken(req)), CORS);

  const routes = new Map<string, Map<string, Route>>([
    [`${base}/nonce`, new Map([['GET', async (_req, res) => sendJson(res, 200, await service.issueNonce())]])],
    [`${base}/assess`, new Map([['POST', async (req, res) => {
      const body = parseWith(AssessBodySchema, await readJson(req, maxBody), 'The assess request');
      const userId = options.resolveUser ? await options.resolveUser(req, body) : body.userId;
      if (!userId) throw new TwofoldError('user_required', 'POST /twofold/assess needs the account being signed in to: `userId` in the JSON body.', { status: 400 });
      const out = await service.assess({ userId, sealed: body.sealed, ip: clientIp(req, trustProxy), userAgent: String(req.headers['user-agent'] ?? '') });
      sendJson(res, 200, {
        decision: out.assessment.decision,
        score: out.assessment.score,
        reasons: out.assessment.reasons,
        ...(out.rightsToken ? { rightsToken: out.rightsToken } : {}),
        ...(out.signedReceipt ? { receipt: out.signedReceipt } : {}),
        ...(out.attemptToken ? { attemptToken: out.attemptToken } : {}),
      });
    }]])],
    [`${base}/record`, new Map([['POST', async (req, res) => {
      if (!options.apiKey || bearerToken(req) !== options.apiKey) {
        throw new TwofoldError('unauthorized', 'POST /twofold/record is for the site\'s own server: configure `apiKey` and send it as `Authorization: Bearer <apiKey>`.', { status: 401 });
      }
      const body = parseWith(RecordBodySchema, await readJson(req, maxBody), 'The record request');
      const loginId = await service.recordByToken(body.attemptToken, body.outcome);
      sendJson(res, 200, { recorded: loginId !== undefined, ...(loginId ? { loginId } : {}) });
    }]])],
    [`${base}/rights/access`, new Map([['GET', access], ['POST', access]])],
    [`${base}/rights/export`, new Map([['GET', access], ['POST', access]])],
    [`${base}/rights/erase`, new Map([['POST', async (req, res) => sendJson(res, 200, await service.erase(await rightsToken(req)), CORS)]])],
    [`${base}/rights/object`, new Map([['POST', async (req, res) => sendJson(res, 200, await service.object(await rightsToken(req)), CORS)]])],
    [`${base}/rights/rectify`, new Map([['POST', async (req, res) => {
      const body = parseWith(RectifyRequestSchema, await readJson(req, maxBody), 'The rectify request');
      sendJson(res, 200, await service.rectify(bearerToken(req) ?? body.token, body.loginId), CORS);
    }]])],
    [WELL_KNOWN_PATH, new Map([['GET', async (req, res) => sendJson(res, 200, service.wellKnown(requestBase(req, trustProxy)), { ...CORS, 'cache-control': 'public, max-age=300' })]])],
  ]);

  const handler = async (req: TwofoldRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      path = '';
    }
    const methods = routes.get(path.length > 1 ? path.replace(/\/$/, '') : path);
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
      await route(req, res);
    } catch (error) {
      if (error instanceof TwofoldError && error.status >= 400 && error.status < 500) {
        sendJson(res, error.status, error.toJSON(), path.includes('/rights/') ? CORS : {});
      } else {
        onError(error);
        sendJson(res, 500, { error: { code: 'internal_error', message: 'The Twofold handler failed unexpectedly; the site operator has been told.' } });
      }
    }
  };

  const purgeNow = () => service.purge();
  const interval = options.purgeIntervalMs ?? 60 * 60 * 1000;
  const timer = interval > 0
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

function requestBase(req: TwofoldRequest, trustProxy: boolean): string {
  // A proxy's header is trusted only to say http or https: anything else would end up as the
  // scheme of the rights endpoint the well-known document advertises.
  const forwardedProto = trustProxy ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim().toLowerCase() : '';
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
  const host = String((trustProxy && req.headers['x-forwarded-host']) || req.headers.host || 'localhost');
  return `${proto}://${host.replace(/[^A-Za-z0-9.:\-[\]]/g, '')}`;
}
