// Test sites for the ledger: the real Twofold HTTP handler on 127.0.0.1 (well-known, assess with a
// signed receipt and rights token, rights endpoints), and a plain server that publishes whatever
// well-known document a test wants (a wrong key, another site name) or nothing. Not a test file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Announcement } from '../../../../sdk/protocol/announce';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldHandler, type TwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import type { Store } from '../../../../sdk/server/store/types';
import { sampleReport } from '../../../sdk/server/helpers/report';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A Twofold site: the real handler, its store and keys. */
export interface TwofoldSite {
  base: string;
  site: string;
  store: Store;
  keys: SiteKeys;
  handler: TwofoldHandler;
  /** Signs in `userId` on `deviceId` with a sealed report whose origin is `origin` (default: this site's). */
  login(userId: string, deviceId: string, origin?: string): Promise<{ announcement: Announcement; rightsToken: string; receipt: string }>;
  close(): Promise<void>;
}

/** Starts a Twofold site named `site` (processors published in its well-known document). */
export async function startTwofoldSite(site = 'shop.example'): Promise<TwofoldSite> {
  const store = createMemoryStore();
  const keys = await generateSiteKeys();
  const handler = createTwofoldHandler({
    site,
    store,
    keys,
    apiKey: 'server-secret',
    purgeIntervalMs: 0,
    controller: { name: 'Shop AS', contact: 'privacy@shop.example', policyUrl: 'https://shop.example/privacy' },
    processors: [{ name: 'Hosted2FA Ltd', purpose: 'two-factor authentication' }],
  });
  const server = createServer((req, res) => void handler(req, res));
  const base = await listen(server);
  const call = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
    return (await r.json()) as Record<string, any>;
  };
  return {
    base,
    site,
    store,
    keys,
    handler,
    async login(userId, deviceId, origin = base) {
      const report = sampleReport({ site, origin, deviceId });
      const { nonce } = await call('/twofold/nonce');
      const sealed = await sealReport(report, { publicKey: keys.publicKey, nonce, site, origin });
      // The site's server asks (API key), as the handler requires of assess.
      const assess = await call('/twofold/assess', { userId, sealed }, { authorization: 'Bearer server-secret' });
      const record = await call('/twofold/record', { attemptToken: assess['attemptToken'], outcome: 'success' }, { authorization: 'Bearer server-secret' });
      // The rights token and the receipt whose `rth` covers it come with the recorded login (older servers: with assess).
      const rightsToken = (record['rightsToken'] ?? assess['rightsToken']) as string;
      const receipt = (record['receipt'] ?? assess['receipt']) as string;
      const categories = new Map(report.receipt.signals.map((s) => [s.id, s.category]));
      const announcement: Announcement = {
        v: 1,
        site,
        origin,
        signals: Object.keys(report.signals).flatMap((id) => (categories.has(id) ? [{ id, category: categories.get(id)! }] : [])),
        receiptId: report.receipt.receiptId,
        receiptTime: report.receipt.timestamp,
        consent: 'granted',
        collectedAt: report.collectedAt,
        rightsToken,
        receiptSignature: receipt,
        sdkVersion: '0.1.0',
      };
      return { announcement, rightsToken, receipt };
    },
    async close() {
      handler.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A server publishing `doc` (a value, or a function of its own base URL) at the well-known path; 404 for null. */
export async function startWellKnownServer(doc: unknown | ((base: string) => unknown)): Promise<{ base: string; close(): Promise<void> }> {
  let base = '';
  const server = createServer((req, res) => {
    const body = typeof doc === 'function' ? (doc as (b: string) => unknown)(base) : doc;
    if (req.url !== '/.well-known/twofold.json' || body === null) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  base = await listen(server);
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Node's fetch, as the ledger's FetchLike. */
export const nodeFetch = (url: string, init: RequestInit): Promise<Response> => fetch(url, init);
