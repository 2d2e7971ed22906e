// The node handler mounted under a prefix, as Express/Connect do it: `app.use('/auth', handler)`
// strips '/auth' from req.url, keeps the full path in req.originalUrl and calls the handler only
// for paths under the mount. Simulated with a minimal Connect-style mount (no Express dependency).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTwofoldHandler, type TwofoldHandler, type TwofoldHandlerOptions } from '../../../../sdk/server/http';
import type { TwofoldRequest } from '../../../../sdk/server/http/io';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';

type Middleware = (req: TwofoldRequest, res: ServerResponse, next: (error?: unknown) => void) => unknown;

/** What Connect/Express's `app.use(prefix, fn)` does to the request before `fn` sees it. */
function mount(prefix: string, fn: Middleware): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const original = req.url ?? '/';
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`app 404 ${original}`);
    };
    if (original !== prefix && !original.startsWith(`${prefix}/`) && !original.startsWith(`${prefix}?`)) return notFound();
    const mounted = req as TwofoldRequest;
    mounted.originalUrl = original;
    const rest = original.slice(prefix.length);
    mounted.url = rest.startsWith('/') ? rest : `/${rest}`;
    void fn(mounted, res, (error) => (error ? res.writeHead(500).end() : notFound()));
  };
}

let server: Server | undefined;
let handler: TwofoldHandler | undefined;
afterEach(async () => {
  handler?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  server = undefined;
});

async function start(prefix: string, options: Partial<TwofoldHandlerOptions> = {}): Promise<string> {
  handler = createTwofoldHandler({ site: 'example.com', store: createMemoryStore(), keys: await generateSiteKeys(), apiKey: 'server-secret', ...options });
  server = createServer(mount(prefix, handler));
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('the node handler under a mount path', () => {
  it("app.use('/auth', handler) with the default basePath: /auth/twofold/* is answered", async () => {
    const base = await start('/auth');
    const nonce = await fetch(`${base}/auth/twofold/nonce`);
    expect(nonce.status).toBe(200);
    expect((await nonce.json()) as object).toHaveProperty('nonce');
    const assess = await fetch(`${base}/auth/twofold/assess`, {
      method: 'POST',
      headers: { authorization: 'Bearer server-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'ada' }),
    });
    expect(assess.status).toBe(200);
    expect(((await assess.json()) as { decision: string }).decision).toBe('challenge');
    // An unknown path under the mount goes on to the app (next), as any middleware's would.
    const other = await fetch(`${base}/auth/login`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('app 404 /auth/login');
  });

  it("app.use('/auth', handler) with basePath '/auth/twofold' (the public path): answered too", async () => {
    const base = await start('/auth', { basePath: '/auth/twofold' });
    expect((await fetch(`${base}/auth/twofold/nonce`)).status).toBe(200);
    const wrongMethod = await fetch(`${base}/auth/twofold/nonce`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });

  it("app.use('/twofold', handler): req.url is '/nonce', the original path is the route", async () => {
    const base = await start('/twofold');
    expect((await fetch(`${base}/twofold/nonce`)).status).toBe(200);
    expect((await fetch(`${base}/twofold/nonce/`)).status).toBe(200);
    const bad = await fetch(`${base}/twofold/assess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(401);
  });
});
