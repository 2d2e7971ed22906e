/**
 * The demo's login app: the Twofold store (embedded SQLite, or PostgreSQL when DATABASE_URL is
 * postgres://…), site keys (kept in the data directory so restarts keep them), the Twofold HTTP
 * handler, and the login routes. `demo/server.ts` puts `app.handler` before its static files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwofoldHandler, type TwofoldHandler } from '../../sdk/server/http/index';
import { generateSiteKeys, type SiteKeys } from '../../sdk/server/keys';
import type { RiskEngineOptions } from '../../sdk/server/risk/index';
import { openStore } from '../../sdk/server/store/sql/index';
import type { Store } from '../../sdk/server/store/types';
import { createSignInNotices } from './notices';
import { loginRoutes, type AppHandler } from './routes';
import { createSessions } from './sessions';
import { openDemoUsers, type DemoUserStore } from './users';

/** Options of the login app; everything has a default for `npm start`. */
export interface LoginAppOptions {
  /** postgres://… or a SQLite path; default DATABASE_URL, else `<dataDir>/twofold.sqlite`. */
  databaseUrl?: string;
  /** Where the SQLite file and site keys live (default `.twofold-data/demo/`); keys stay in memory for `:memory:`. */
  dataDir?: string;
  site?: string;
  policy?: RiskEngineOptions['policy'];
  geo?: RiskEngineOptions['geo'];
}

/** The running login app. */
export interface LoginApp {
  handler: AppHandler;
  twofold: TwofoldHandler;
  store: Store;
  users: DemoUserStore;
  keys: SiteKeys;
  close(): Promise<void>;
}

async function loadKeys(dataDir: string | undefined): Promise<SiteKeys> {
  if (process.env['TWOFOLD_SITE_KEYS']) return JSON.parse(process.env['TWOFOLD_SITE_KEYS']) as SiteKeys;
  if (!dataDir) return generateSiteKeys();
  const file = join(dataDir, 'site-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SiteKeys;
  const keys = await generateSiteKeys();
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/** Opens the stores and keys and returns the login app. */
export async function createLoginApp(options: LoginAppOptions = {}): Promise<LoginApp> {
  const dataDir = options.dataDir ?? join('.twofold-data', 'demo');
  // An empty DATABASE_URL counts as unset (else the store would open a file named by the empty path).
  const databaseUrl = options.databaseUrl ?? (process.env['DATABASE_URL'] || join(dataDir, 'twofold.sqlite'));
  const onDisk = !/^postgres(ql)?:\/\//i.test(databaseUrl) && databaseUrl !== ':memory:';
  if (onDisk || options.dataDir) mkdirSync(dataDir, { recursive: true });
  const store = await openStore(databaseUrl);
  // In-memory SQLite cannot be shared between two connections: keep the demo users in their own.
  const users = await openDemoUsers(databaseUrl);
  const keys = await loadKeys(onDisk || options.dataDir ? dataDir : undefined);
  const site = options.site ?? process.env['TWOFOLD_SITE'] ?? 'twofold-demo';
  const controller = { name: 'Twofold demo', contact: 'privacy@twofold.invalid', policyUrl: '/privacy.html' };
  const notices = createSignInNotices();
  const twofold = createTwofoldHandler({
    site,
    store,
    keys,
    controller,
    events: { onNewDevice: (event) => notices.onNewDevice(event) },
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.geo ? { geo: options.geo } : {}),
  });
  const routes = loginRoutes({
    service: twofold.service,
    users,
    sessions: createSessions(),
    sdk: { site, publicKey: keys.publicKey, controller },
    issuer: 'Twofold demo',
    notices,
  });
  const handler: AppHandler = async (req, res, url) => {
    if (url.pathname.startsWith('/twofold/') || url.pathname === '/.well-known/twofold.json') {
      await twofold(req, res);
      return true;
    }
    return routes(req, res, url);
  };
  return {
    handler,
    twofold,
    store,
    users,
    keys,
    async close() {
      twofold.close();
      await users.close();
      await store.close();
    },
  };
}
