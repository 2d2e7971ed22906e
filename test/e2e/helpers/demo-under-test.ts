/**
 * e2e helper: the real demo server (demo/server.ts's handlers + the login app) on an ephemeral
 * loopback port, on an embedded SQLite file in its own temporary data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoginApp, type LoginApp, type LoginAppOptions } from '../../../demo/app/index';
import { createDemoServer, demoHandlers } from '../../../demo/server';
import { REPO_ROOT } from './sdk-bundle';

/** A running demo; `close()` also deletes its data directory. */
export interface DemoUnderTest {
  app: LoginApp;
  origin: string;
  port: number;
  /** Every request the demo received, as `METHOD /path`, in order (to prove what a page did not send). */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the demo (serving dist/sdk, dist/demo/assets and demo/public; run `node build.mjs` first). */
export async function startDemoUnderTest(options: Omit<LoginAppOptions, 'dataDir' | 'databaseUrl'> = {}): Promise<DemoUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twofold-demo-'));
  const app = await createLoginApp({ ...options, dataDir, databaseUrl: join(dataDir, 'twofold.sqlite') });
  const requests: string[] = [];
  const log = async (req: { method?: string }, _res: unknown, url: URL) => {
    requests.push(`${req.method ?? 'GET'} ${url.pathname}`);
    return false;
  };
  const server: Server = createDemoServer([log, app.handler, ...demoHandlers(REPO_ROOT)]);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    app,
    port,
    requests,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
