/**
 * Shared e2e helper: a tiny HTTP server on 127.0.0.1 with an ephemeral port. It serves static
 * directories mounted under URL prefixes and/or a list of request handlers (first one that returns
 * true wins), so tests can host pages, the built SDK and small fake APIs without a framework.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** A request handler; returns true when it answered the request, false to let the next one try. */
export type TestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** Options for startTestServer: static mounts (URL prefix → directory), inline pages, handlers. */
export interface TestServerOptions {
  /** URL prefix (e.g. `/dist/`) → directory on disk. Longest prefix wins. */
  static?: Record<string, string>;
  /** Exact path (e.g. `/page.html`) → body (HTML unless the extension says otherwise). */
  pages?: Record<string, string | (() => string)>;
  /** Tried in order before static files and pages. */
  handlers?: TestHandler[];
  /** Host to bind; default 127.0.0.1 (loopback only). */
  host?: string;
}

/** A running test server; `url(path)` builds an absolute URL on it. */
export interface TestServer {
  server: Server;
  port: number;
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Content type for a file name, by extension. */
export function mimeFor(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function serveStatic(mounts: [string, string][], url: URL, res: ServerResponse): Promise<boolean> {
  for (const [prefix, dir] of mounts) {
    if (!url.pathname.startsWith(prefix)) continue;
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const root = resolve(dir);
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return false; // no path traversal
    try {
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(target);
      res.writeHead(200, { 'content-type': mimeFor(target), 'cache-control': 'no-store' });
      res.end(body);
      return true;
    } catch {
      // Not in this mount's folder: the next mount may hold it.
    }
  }
  return false;
}

/** Starts the server on an ephemeral loopback port; close it in afterAll. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const mounts = Object.entries(options.static ?? {}).sort((a, b) => b[0].length - a[0].length);
  const pages = options.pages ?? {};
  const handlers = options.handlers ?? [];
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
      for (const handler of handlers) if (await handler(req, res, url)) return;
      const page = pages[url.pathname];
      if (page !== undefined) {
        const body = typeof page === 'function' ? page() : page;
        res.writeHead(200, { 'content-type': url.pathname.includes('.') ? mimeFor(url.pathname) : MIME['.html']!, 'cache-control': 'no-store' });
        res.end(body);
        return;
      }
      if (await serveStatic(mounts, url, res)) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: `No test route for ${url.pathname}` } }));
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  return {
    server,
    port,
    origin,
    url: (path = '/') => new URL(path, origin).href,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
