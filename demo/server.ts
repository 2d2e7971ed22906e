/**
 * The demo site (`npm start`): serves demo/public and the built SDK on http://127.0.0.1:8080
 * (PORT overrides). A server is a list of request handlers tried in order, so later features
 * (the server library's HTTP handler, login pages) are one more entry in `demoHandlers()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLoginApp } from './app/index';

/** Answers a request and returns true, or returns false to let the next handler try. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Sends a JSON body (errors are `{ error: { code, message } }`, never a stack). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Serves files under `dir` at URL prefix `prefix` (directory → index.html); no path traversal. */
export function staticFiles(prefix: string, dir: string): RequestHandler {
  const root = resolve(dir);
  return async (req, res, url) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.pathname.startsWith(prefix)) return false;
    let file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (file !== root && !file.startsWith(root + sep)) return false;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    } catch {
      return false;
    }
  };
}

/** Creates an HTTP server that tries `handlers` in order; unanswered requests get a JSON 404. */
export function createDemoServer(handlers: RequestHandler[]): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      for (const handler of handlers) if (await handler(req, res, url)) return;
      sendJson(res, 404, { error: { code: 'not_found', message: `Nothing at ${url.pathname}.` } });
    })().catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) sendJson(res, 400, { error: { code: 'bad_request', message: 'The request could not be handled.' } });
      else res.end();
    });
  });
}

/** The demo's handlers, given the repository root: the built SDK under /sdk/, then the pages. */
export function demoHandlers(repoRoot: string): RequestHandler[] {
  const publicDir = join(repoRoot, 'demo', 'public');
  // The signal inspector: /inspector is demo/public/inspector.html; its script is built to dist/demo/assets/.
  const inspector: RequestHandler = (req, res, url) =>
    url.pathname === '/inspector' ? staticFiles('/inspector', join(publicDir, 'inspector.html'))(req, res, url) : false;
  return [
    staticFiles('/sdk/', join(repoRoot, 'dist', 'sdk')),
    staticFiles('/assets/', join(repoRoot, 'dist', 'demo', 'assets')),
    inspector,
    staticFiles('/', publicDir),
  ];
}

/** Starts the demo on 127.0.0.1:PORT (default 8080) and prints its URL. */
export async function startDemo(port = Number(process.env.PORT ?? 8080)): Promise<Server> {
  // Bundled to dist/demo/server.mjs, so the repository root is two levels up.
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  // The login app: sign-up, sealed sign-in, risk decision, TOTP; embedded SQLite or DATABASE_URL.
  // TWOFOLD_ON_CONSENT_REFUSED=deny reproduces "no consent, no login"; the default challenges.
  const onConsentRefused = process.env['TWOFOLD_ON_CONSENT_REFUSED'];
  if (onConsentRefused !== undefined && onConsentRefused !== 'deny' && onConsentRefused !== 'challenge') {
    throw new Error(`TWOFOLD_ON_CONSENT_REFUSED must be "challenge" or "deny", got "${onConsentRefused}".`);
  }
  const app = await createLoginApp({ dataDir: join(repoRoot, '.twofold-data', 'demo'), ...(onConsentRefused ? { policy: { onConsentRefused } } : {}) });
  const server = createDemoServer([app.handler, ...demoHandlers(repoRoot)]);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  console.log(`Twofold demo running at http://127.0.0.1:${port}/`);
  console.log(`Signal inspector at http://127.0.0.1:${port}/inspector (or: npx twofold inspect http://127.0.0.1:${port}/inspector)`);
  console.log(`Extension built in ${join(repoRoot, 'dist', 'chrome')} (Chrome/Chromium: chrome://extensions → Load unpacked)`);
  console.log(`                and ${join(repoRoot, 'dist', 'firefox')} (Firefox: about:debugging → Load Temporary Add-on → manifest.json)`);
  console.log(`Packaged: ${join(repoRoot, 'dist', 'twofold-chrome.zip')}, ${join(repoRoot, 'dist', 'twofold-firefox.zip')}`);
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startDemo().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
