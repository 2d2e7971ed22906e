// A site that signs its own receipts with a key the test holds (no Twofold server involved), so
// ledger tests can say exactly what a receipt covers: its `rth` (the rights token handed out with
// it), site, origin and signals. Serves /.well-known/twofold.json with that key and a rights
// endpoint that records which tokens reached it. Used by unit and e2e tests. Not a test file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Announcement } from '../../../../sdk/protocol/announce';
import { SIGNED_RECEIPT_PREFIX, rightsTokenHash, signCompact, type SignedReceiptClaims } from '../../../../sdk/protocol/rights';

/** A signing site on 127.0.0.1. */
export interface SignedSite {
  base: string;
  site: string;
  /** Tokens the rights endpoint received, in order (`<action> <token>`). */
  rightsCalls: string[];
  /** A signed receipt for `receiptId` on `origin` (default: this site's), covering `rightsToken` when given. */
  receipt(receiptId: string, options?: { rightsToken?: string; origin?: string; signals?: string[] }): Promise<string>;
  /** A well-formed announcement from this site's page; signed (with `rth`) unless `signature` says otherwise. */
  announcement(receiptId: string, rightsToken: string | undefined, signature?: string | null): Promise<Announcement>;
  /** `base` + `path`. */
  url(path: string): string;
  /** Extra routes (path → HTML) for e2e pages. */
  pages: Map<string, string>;
  close(): Promise<void>;
}

/** Starts a signing site named `site`. */
export async function startSignedSite(site = 'bank.example'): Promise<SignedSite> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const rightsCalls: string[] = [];
  const pages = new Map<string, string>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/.well-known/twofold.json') {
      const doc = {
        version: 1,
        site,
        sealing: { alg: 'none', kid: 'k1', publicKey: 'none' },
        receiptSigningKey: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
        rightsEndpoint: `${base}/rights`,
        retentionDays: 90,
        purposes: [{ id: 'security', description: 'Sign-in risk checks' }],
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/rights/')) {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        rightsCalls.push(`${path.slice('/rights/'.length)} ${(JSON.parse(body || '{}') as { token?: string }).token ?? ''}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ subject: 'device', logins: [], collections: [] }));
      });
      return;
    }
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signals = ['device-id', 'languages'];

  async function receipt(receiptId: string, options: { rightsToken?: string; origin?: string; signals?: string[] } = {}): Promise<string> {
    const claims: SignedReceiptClaims = { v: 1, site, origin: options.origin ?? base, receiptId, signals: options.signals ?? signals, iat: Date.now() };
    if (options.rightsToken !== undefined) claims.rth = await rightsTokenHash(options.rightsToken);
    return signCompact(SIGNED_RECEIPT_PREFIX, claims, pair.privateKey);
  }

  return {
    base,
    site,
    rightsCalls,
    pages,
    receipt,
    url: (path) => `${base}${path}`,
    async announcement(receiptId, rightsToken, signature) {
      const sig = signature === undefined ? await receipt(receiptId, rightsToken === undefined ? {} : { rightsToken }) : signature;
      return {
        v: 1,
        site,
        origin: base,
        signals: signals.map((id) => ({ id, category: id === 'device-id' ? 'device' : 'locale' })),
        receiptId,
        receiptTime: '2026-12-01T10:00:00.000Z',
        consent: 'granted',
        collectedAt: '2026-12-01T10:00:01.000Z',
        ...(rightsToken === undefined ? {} : { rightsToken }),
        ...(sig === null ? {} : { receiptSignature: sig }),
        sdkVersion: '0.1.0',
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
