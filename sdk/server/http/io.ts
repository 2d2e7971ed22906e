/**
 * HTTP plumbing for the handler: bounded JSON body reading, JSON responses, client IP, API key check. Every
 * failure here is a TwofoldError with a 4xx status, so bad input never becomes a 5xx.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwofoldError } from '../../protocol/errors';
import { clientAddress, compileTrustProxy, forwardedFor, type ProxyTrust, type TrustProxy } from './proxy';

/** Default request body limit (a sealed report is at most 64 KB; JSON wrapping adds a little). */
export const DEFAULT_MAX_BODY_BYTES = 96 * 1024;

/** A request as Express/Fastify hand it over: node's IncomingMessage, maybe with a parsed body. */
export type TwofoldRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

/** Reads and parses a JSON body (or uses one a framework already parsed). */
export async function readJson(req: TwofoldRequest, maxBytes: number): Promise<unknown> {
  if (req.body !== undefined && !(req.body instanceof Uint8Array) && typeof req.body !== 'string') return req.body;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') {
    throw new TwofoldError('unsupported_media_type', `Send the request body as JSON with "Content-Type: application/json" (got "${type || 'none'}").`, {
      status: 415,
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new TwofoldError('body_too_large', `The request body is ${declared} bytes; the limit is ${maxBytes}.`, { status: 413 });
  }
  const text =
    typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? Buffer.from(req.body).toString('utf8') : await readText(req, maxBytes);
  if (text.trim() === '') throw new TwofoldError('invalid_json', 'The request body is empty; send a JSON object.', { status: 400 });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TwofoldError('invalid_json', 'The request body is not valid JSON.', { status: 400 });
  }
}

function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        // Keep draining so the client can read our 413 instead of seeing a reset connection.
        req.resume();
        reject(new TwofoldError('body_too_large', `The request body exceeds the limit of ${maxBytes} bytes.`, { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    const unreadable = (cause?: unknown) => {
      if (!done) {
        done = true;
        reject(new TwofoldError('body_unreadable', 'The request body could not be read (connection closed early?).', { cause, status: 400 }));
      }
    };
    req.on('error', unreadable);
    // A client that hangs up mid-body may do so before these listeners exist (the route awaited the
    // store first, e.g. a rate-limit check on PostgreSQL): 'close' without 'end' ends the read too,
    // and a stream already torn down is answered at once instead of waiting forever.
    req.on('close', () => unreadable());
    if (req.destroyed || req.readableAborted) unreadable();
  });
}

/** Writes a JSON response (no caching: every answer here is per-request or per-subject). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Readonly<Record<string, string>>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  // One header object per response, the common case (no extra headers) without spreading.
  const fields: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (headers) for (const name in headers) fields[name] = headers[name]!;
  res.writeHead(status, fields);
  res.end(text);
}

/**
 * The client IP: the socket peer, or, behind proxies the site trusts, the right-most
 * X-Forwarded-For entry no trusted proxy wrote (see proxy.ts). `trust` is a compiled `trustProxy`
 * or the setting itself (`false`: the socket peer; `true`: one proxy hop; a count; CIDR ranges).
 */
export function clientIp(req: IncomingMessage, trust: ProxyTrust | TrustProxy = false): string {
  const peer = unmapped(req.socket?.remoteAddress ?? '') || '0.0.0.0';
  const compiled = typeof trust === 'function' ? trust : compileTrustProxy(trust);
  return unmapped(clientAddress(peer, forwardedFor(req.headers['x-forwarded-for']), compiled));
}

/** True when the socket peer is a proxy the site trusts (so its X-Forwarded-Proto may be believed). */
export function fromTrustedProxy(req: IncomingMessage, trust: ProxyTrust): boolean {
  return trust(unmapped(req.socket?.remoteAddress ?? ''), 0);
}

function unmapped(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * True when the request bears `Authorization: Bearer <apiKey>`. Compared in constant time over
 * SHA-256 digests (equal lengths whatever was sent), so the answer time says nothing about how
 * much of a guess was right.
 */
export function hasApiKey(req: IncomingMessage, apiKey: string | undefined): boolean {
  const sent = bearerToken(req);
  if (!apiKey || sent === undefined) return false;
  return timingSafeEqual(digest(sent), apiKeyDigest(apiKey));
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
// The configured key's digest is the same on every request; a server holds one key.
let configured: { apiKey: string; digest: Buffer } | undefined;
const apiKeyDigest = (apiKey: string): Buffer => {
  if (configured?.apiKey !== apiKey) configured = { apiKey, digest: digest(apiKey) };
  return configured.digest;
};

/** The bearer token of an Authorization header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
