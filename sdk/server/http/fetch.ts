/**
 * `createTwofoldFetchHandler`: the same Twofold endpoints as `createTwofoldHandler`, as a
 * `(Request) => Promise<Response>` function — what Next.js route handlers, Hono, Deno.serve, Bun.serve
 * and Cloudflare-style runtimes mount. It adapts the web Request to the node handler (one routing
 * table, one set of limits and error bodies), streaming the body so the byte limit still holds.
 *
 *   // Next.js app/twofold/[...path]/route.ts
 *   const twofold = createTwofoldFetchHandler({ site, store, keys, apiKey, trustProxy: 1 });
 *   export const GET = twofold, POST = twofold, OPTIONS = twofold;
 *   // Deno: Deno.serve((req, info) => twofold(req, { clientAddress: info.remoteAddr.hostname }))
 *   // Bun:  Bun.serve({ fetch: (req, server) => twofold(req, { clientAddress: server.requestIP(req)?.address }) })
 *   // Hono: app.all('/twofold/*', (c) => twofold(c.req.raw))
 *
 * A web Request carries no socket: pass the peer address as `clientAddress` where the runtime gives
 * one, or set `trustProxy` for the proxy in front (else every caller shares one rate-limit bucket).
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createTwofoldHandler, type TwofoldHandler, type TwofoldHandlerOptions } from './handler';
import type { TwofoldRequest } from './io';
import type { TwofoldService } from './service';

/** Per-request facts the runtime knows and a web Request does not carry. */
export interface TwofoldFetchContext {
  /** The TCP peer's address (Deno: `info.remoteAddr.hostname`; Bun: `server.requestIP(req)?.address`). */
  clientAddress?: string | undefined;
}

/** The fetch-style handler plus its service, the retention purge and a way to stop its timer. */
export interface TwofoldFetchHandler {
  (request: Request, context?: TwofoldFetchContext): Promise<Response>;
  readonly service: TwofoldService;
  /** Runs the retention purge now; resolves to rows removed. */
  purgeNow(): Promise<number>;
  /** Stops the purge timer. */
  close(): void;
}

/** Header values as node:http has them: lower-case names, repeated headers joined by ", ". */
function nodeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** The parts of an IncomingMessage the node handler reads, over the Request's body stream. */
function toNodeRequest(request: Request, url: URL, context: TwofoldFetchContext): TwofoldRequest {
  const body = request.body ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>) : Readable.from([]);
  const socket = { remoteAddress: context.clientAddress ?? '', encrypted: url.protocol === 'https:' };
  return Object.assign(body, {
    method: request.method.toUpperCase(),
    url: `${url.pathname}${url.search}`,
    // A web Request's host is in its URL (runtimes rarely keep a Host header); node has it as a header.
    headers: { host: url.host, ...nodeHeaders(request.headers) },
    socket,
  }) as unknown as TwofoldRequest;
}

/** A stand-in ServerResponse that turns the node handler's writeHead/end into a web Response. */
function responseCollector(): { res: ServerResponse; response: Promise<Response>; ended: () => boolean } {
  let status = 200;
  const headers = new Headers();
  let headersSent = false;
  let ended = false;
  let done!: (response: Response) => void;
  const response = new Promise<Response>((resolve) => (done = resolve));
  const res = {
    get headersSent() {
      return headersSent;
    },
    writeHead(code: number, reasonOrHeaders?: string | Record<string, string>, maybeHeaders?: Record<string, string>) {
      status = code;
      const fields = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
      for (const [name, value] of Object.entries(fields ?? {})) headers.set(name, String(value));
      headersSent = true;
      return res;
    },
    end(chunk?: string | Uint8Array) {
      if (ended) return res;
      headersSent = ended = true;
      // 204/304 (and HEAD answers the runtime strips) may not carry a body in a web Response.
      const body = chunk === undefined || status === 204 || status === 304 ? null : typeof chunk === 'string' ? chunk : new Uint8Array(chunk);
      done(new Response(body, { status, headers }));
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, response, ended: () => ended };
}

/** Creates the fetch-style Twofold handler (same options and endpoints as createTwofoldHandler). */
export function createTwofoldFetchHandler(options: TwofoldHandlerOptions): TwofoldFetchHandler {
  const node: TwofoldHandler = createTwofoldHandler(options);
  const handle = async (request: Request, context: TwofoldFetchContext = {}): Promise<Response> => {
    const url = new URL(request.url);
    const { res, response, ended } = responseCollector();
    // Without `next`, the node handler answers unknown paths itself (404 JSON), so it ends `res`;
    // should a route ever return without answering, the caller still gets an answer, not a hang.
    await node(toNodeRequest(request, url, context), res);
    if (!ended())
      return Response.json(
        { error: { code: 'internal_error', message: 'The Twofold handler did not answer.' } },
        { status: 500, headers: { 'cache-control': 'no-store' } },
      );
    return response;
  };
  return Object.assign(handle, { service: node.service, purgeNow: node.purgeNow, close: node.close });
}
