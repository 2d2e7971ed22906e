/**
 * `/.well-known/twofold.json`: the site, its keys, where rights requests go, retention, purposes.
 * The rights endpoint's origin comes from the configured `publicUrl`. Without one, the request's
 * Host is used only for a loopback request to a loopback host (local development): anywhere else
 * the Host header is the client's to write, and a document naming the client's host would send the
 * extension's rights requests there.
 */
import type { IncomingMessage } from 'node:http';
import { TwofoldError } from '../../protocol/errors';
import type { Controller } from '../../protocol/receipt';
import type { WellKnown } from '../../protocol/rights';
import { SEAL_ALG } from '../../protocol/seal';
import { parseIp } from '../geo/ip';
import type { SiteKeys } from '../keys';

/** Default purposes published in the well-known document. */
export const DEFAULT_PURPOSES = [
  { id: 'security', description: 'Protect accounts from takeover: assess the risk of each sign-in from browser and device signals.' },
];

/** What the document is built from. */
export interface WellKnownContext {
  site: string;
  keys: SiteKeys;
  basePath: string;
  retentionDays: number;
  publicUrl?: string | undefined;
  controller?: Controller | undefined;
  processors?: { name: string; purpose: string }[] | undefined;
  purposes?: { id: string; description: string }[] | undefined;
}

/** The document for a request whose own base URL (loopback only) is `requestBase`. */
export function wellKnownDocument(context: WellKnownContext, requestBase: string | undefined): WellKnown {
  const base = (context.publicUrl ?? requestBase)?.replace(/\/$/, '');
  if (base === undefined) {
    throw new TwofoldError(
      'public_url_required',
      'This server has no public URL configured (`publicUrl`, or `twofold serve --public-url https://…`), so it cannot say where rights requests go; only local (loopback) requests are answered without one.',
      { status: 404 },
    );
  }
  const doc: WellKnown = {
    version: 1,
    site: context.site,
    sealing: { alg: SEAL_ALG, kid: context.keys.kid, publicKey: context.keys.publicKey },
    receiptSigningKey: context.keys.signingPublicKey as WellKnown['receiptSigningKey'],
    rightsEndpoint: `${base}${context.basePath}/rights`,
    retentionDays: context.retentionDays,
    purposes: context.purposes ?? DEFAULT_PURPOSES,
  };
  if (context.controller) doc.controller = context.controller;
  if (context.processors) doc.processors = context.processors;
  return doc;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.']);

function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(bare) || bare.endsWith('.localhost')) return true;
  const ip = parseIp(bare);
  return ip !== undefined && (ip.version === 4 ? ip.value >> 24n === 127n : ip.value === 1n);
}

/**
 * `http(s)://host[:port]` of a loopback request to a loopback Host (local development), else
 * undefined. `forwardedHttps` is a trusted proxy's X-Forwarded-Proto saying https.
 */
export function loopbackRequestBase(req: IncomingMessage, forwardedHttps: boolean | undefined): string | undefined {
  const peer = (req.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
  const host = String(req.headers.host ?? '');
  let parsed: URL;
  try {
    parsed = new URL(`http://${host}`);
  } catch {
    return undefined;
  }
  if (!host || parsed.username || parsed.pathname !== '/' || !isLoopbackHost(parsed.hostname) || !isLoopbackHost(peer)) return undefined;
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const proto = (forwardedHttps ?? encrypted) ? 'https' : 'http';
  return `${proto}://${parsed.host}`;
}
