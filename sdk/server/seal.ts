/**
 * Server half of sealing: opens a `tf1.` envelope (format documented in sdk/protocol/seal.ts),
 * checks every binding, consumes the single-use nonce and returns the validated SignalReport.
 * Cheap checks on the readable header run first (size, shape, key id, site, age, the nonce's MAC);
 * the nonce is spent only after the ciphertext authenticated, so garbage cannot burn real nonces.
 *
 * Nonces cost no storage until spent: each is a MAC'd, time-bound token (sdk/server/nonce-mac.ts)
 * under a key derived from the site's private key, so every instance sharing the keys accepts it,
 * and the store remembers only spent ones, until they expire. Anonymous nonce requests write nothing.
 */
import * as v from 'valibot';
import { SignalReportSchema, type SignalReport } from '../protocol/report';
import { MAX_SEALED_LENGTH, SEAL_INFO, SEAL_MAX_AGE_MS, SEAL_PREFIX, SealError, SealHeaderSchema, sealAad, type SealHeader } from '../protocol/seal';
import type { GuardStore } from './store/types';
import { decodeBase64Url } from './base64url';
import { hpkeOpen, hpkeRecipientOf } from './hpke-open';
import { importRecipientKey } from './keys';
import { mintNonce, openNonce } from './nonce-mac';

export { generateSiteKeys, type SiteKeys } from './keys';

const SEAL_INFO_BYTES = new TextEncoder().encode(SEAL_INFO);

/** How far a sealing time may lie in the future (client clock skew). */
const MAX_FUTURE_SKEW_MS = 60 * 1000;

/** Options of `unseal`. */
export interface UnsealOptions {
  /** The site's HPKE private key (`privateKey` from generateSiteKeys()). */
  privateKey: string;
  /**
   * HPKE private keys of earlier key sets, still accepted during a rollover: a report sealed to one of
   * their key ids opens with it, and nonces they minted stay valid until they expire.
   */
  previousPrivateKeys?: readonly string[];
  /** The site name the report must be sealed for. */
  site: string;
  /** Where spent nonces are remembered until they expire; each nonce is accepted once. */
  nonces: Pick<GuardStore, 'markNonceSpent'>;
  /** Page origins allowed to seal for this site; any when omitted. */
  origins?: readonly string[];
  now?: number;
  /** Maximum age of a sealed report (default 5 minutes). */
  maxAgeMs?: number;
}

/** What `unseal` returns: the validated report and the authenticated header. */
export interface Unsealed {
  report: SignalReport;
  header: SealHeader;
  /** The envelope's device proof as sent (unchecked; sdk/server/risk/device-proof.ts verifies it), if any. */
  proof?: unknown;
  /** The report exactly as sealed, re-serialised (what the device proof signs a digest of). */
  reportJson: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Splits and checks the readable parts of an envelope; throws `seal_malformed` / `seal_too_large`. */
export function parseEnvelope(sealed: unknown): { header: SealHeader; headerPart: string; enc: Uint8Array; ct: Uint8Array } {
  if (typeof sealed !== 'string' || sealed.length === 0) {
    throw new SealError(
      'seal_malformed',
      `Expected the sealed report as a non-empty string (from tf.seal()), got ${sealed === '' ? 'an empty string' : typeof sealed}.`,
    );
  }
  if (sealed.length > MAX_SEALED_LENGTH) {
    throw new SealError('seal_too_large', `The sealed report is ${sealed.length} characters; the limit is ${MAX_SEALED_LENGTH}.`);
  }
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== SEAL_PREFIX) {
    throw new SealError(
      'seal_malformed',
      `Expected "${SEAL_PREFIX}.<header>.<enc>.<ciphertext>" (4 dot-separated parts), got ${parts.length} part(s) starting "${sealed.slice(0, 8)}". Was the field truncated or not produced by tf.seal()?`,
    );
  }
  const [, headerPart = '', encPart = '', ctPart = ''] = parts;
  const headerBytes = decodeBase64Url(headerPart);
  const enc = decodeBase64Url(encPart);
  const ct = decodeBase64Url(ctPart);
  if (!headerBytes || !enc || !ct)
    throw new SealError('seal_malformed', 'A part of the sealed report is not base64url; it was altered or truncated in transit.');
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(headerBytes));
  } catch (cause) {
    throw new SealError('seal_malformed', 'The sealed report header is not UTF-8 JSON; it was altered or truncated in transit.', { cause });
  }
  const header = v.safeParse(SealHeaderSchema, json);
  if (!header.success) {
    throw new SealError('seal_malformed', `The sealed report header is not a Twofold ${SEAL_PREFIX} header: ${header.issues[0]?.message ?? 'invalid'}.`);
  }
  if (enc.length !== 65)
    throw new SealError(
      'seal_malformed',
      `The encapsulated key must be 65 bytes (an uncompressed P-256 point), got ${enc.length}; the report was truncated or altered.`,
    );
  if (ct.length < 17) throw new SealError('seal_malformed', 'The ciphertext is shorter than an AES-GCM tag; the report was truncated.');
  return { header: header.output, headerPart, enc, ct };
}

/**
 * Opens a sealed report for `site` with the site's private key: checks size, format, key, site,
 * origin, age, authenticity, the inner bindings and the schema, then consumes the nonce.
 * Throws SealError (`seal_*` codes) or never returns an unvalidated report.
 */
export async function unseal(sealed: unknown, options: UnsealOptions): Promise<SignalReport> {
  return (await unsealWithHeader(sealed, options)).report;
}

/** `unseal`, also returning the authenticated header (nonce, origin, time) for logging. */
export async function unsealWithHeader(sealed: unknown, options: UnsealOptions): Promise<Unsealed> {
  const now = options.now ?? Date.now();
  const maxAge = options.maxAgeMs ?? SEAL_MAX_AGE_MS;
  const { header, headerPart, enc, ct } = parseEnvelope(sealed);
  const held = options.previousPrivateKeys?.length ? [options.privateKey, ...options.previousPrivateKeys] : [options.privateKey];
  const kids = await kidsOf(held);
  const privateKey = held[kids.indexOf(header.kid)];
  if (privateKey === undefined) {
    throw new SealError(
      'seal_wrong_key',
      `The report was sealed to key ${header.kid}, but this server holds key ${kids.join(', ')}. Give Twofold.init the publicKey that matches this server's private key (see /.well-known/twofold.json).`,
    );
  }
  if (header.site !== options.site) {
    throw new SealError(
      'seal_wrong_site',
      `The report was sealed for site "${header.site}", but this server is "${options.site}". Check the \`site\` passed to Twofold.init.`,
    );
  }
  if (options.origins && !options.origins.includes(header.origin)) {
    throw new SealError(
      'seal_wrong_site',
      `The report was sealed on origin "${header.origin}", which is not one of this site's origins (${options.origins.join(', ')}).`,
    );
  }
  if (now - header.iat > maxAge) {
    throw new SealError(
      'seal_expired',
      `The report was sealed ${Math.round((now - header.iat) / 1000)} s ago; the limit is ${Math.round(maxAge / 1000)} s. Seal it right before submitting the form, with a fresh nonce.`,
    );
  }
  if (header.iat - now > MAX_FUTURE_SKEW_MS) {
    throw new SealError('seal_expired', `The report claims to be sealed ${Math.round((header.iat - now) / 1000)} s in the future; check the client clock.`);
  }
  // Any held key may have minted the nonce: during a rollover the page may seal to the old key with a nonce from the new one.
  const nonceExpiresAt = held.map((minter) => openNonce(minter, header.nonce)).find((expiry) => expiry !== undefined);
  if (nonceExpiresAt === undefined || nonceExpiresAt <= now) throw replayed();
  let plaintext: Uint8Array;
  try {
    // node:crypto, not @hpke/core: same RFC 9180 open without WebCrypto's per-call overhead (see hpke-open.ts).
    plaintext = hpkeOpen(hpkeRecipientOf(privateKey), enc, SEAL_INFO_BYTES, sealAad(headerPart), ct);
  } catch (cause) {
    throw new SealError('seal_tampered', 'The sealed report failed authentication: it was altered, truncated, or sealed to a different key.', { cause });
  }
  const inner = parseInner(plaintext);
  for (const field of ['site', 'origin', 'nonce', 'iat'] as const) {
    if (inner[field] !== header[field]) {
      throw new SealError('seal_tampered', `The sealed report's inner ${field} does not match its header; it was not produced by tf.seal().`);
    }
  }
  const report = v.safeParse(SignalReportSchema, inner.report);
  if (!report.success) {
    const issue = report.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    throw new SealError('seal_invalid_report', `The sealed report is not a valid SignalReport: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}.`);
  }
  if (report.output.site !== header.site || report.output.origin !== header.origin) {
    throw new SealError(
      'seal_wrong_site',
      `The report inside was collected for "${report.output.site}" on ${report.output.origin} but sealed for "${header.site}" on ${header.origin}.`,
    );
  }
  if (!(await options.nonces.markNonceSpent(header.nonce, nonceExpiresAt))) throw replayed();
  return openedReport(report.output, header, inner);
}

/**
 * The result of an open. `reportJson` is what a device proof signs a digest of: with a proof it is
 * made at once, from the report exactly as opened; without one nothing needs it, so it is made only
 * if read (re-serialising every report cost about as much as parsing it).
 */
function openedReport(report: SignalReport, header: SealHeader, inner: Inner): Unsealed {
  if (inner.proof !== undefined) return { report, header, reportJson: JSON.stringify(inner.report), proof: inner.proof };
  let reportJson: string | undefined;
  return {
    report,
    header,
    get reportJson(): string {
      reportJson ??= JSON.stringify(inner.report);
      return reportJson;
    },
  };
}

// A server holds one key (two during a rotation): their ids are looked up once, not awaited per report.
const kidCache = new Map<string, string>();

async function kidsOf(held: readonly string[]): Promise<string[]> {
  const kids: string[] = [];
  for (const privateKey of held) {
    let kid = kidCache.get(privateKey);
    if (kid === undefined) {
      kid = (await importRecipientKey(privateKey)).kid;
      if (kidCache.size >= 8) kidCache.clear();
      kidCache.set(privateKey, kid);
    }
    kids.push(kid);
  }
  return kids;
}

/** The error of a nonce already spent (also thrown by a caller that spends the nonce itself, see UnsealOptions.nonces). */
export const replayed = () =>
  new SealError(
    'seal_replayed',
    'The nonce in this sealed report was already used, has expired, or was never issued by this server. Fetch a fresh nonce from GET /twofold/nonce for every submission.',
  );

type Inner = { site: unknown; origin: unknown; nonce: unknown; iat: unknown; report: unknown; proof?: unknown };

function parseInner(plaintext: Uint8Array): Inner {
  try {
    const inner: unknown = JSON.parse(utf8.decode(plaintext));
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Inner;
  } catch {
    // fall through to the error below
  }
  throw new SealError('seal_invalid_report', 'The sealed payload is not the JSON object tf.seal() produces.');
}

/** Default lifetime of an issued nonce: as long as a sealed report stays valid. */
export const NONCE_TTL_MS = SEAL_MAX_AGE_MS;

/**
 * Issues a fresh single-use nonce for sealing: random, carrying its expiry, MAC'd under a key
 * derived from `keys.privateKey`. Nothing is stored; `unseal` checks the MAC and remembers the
 * nonce once spent.
 */
export async function issueNonce(keys: { privateKey: string }, now = Date.now(), ttlMs = NONCE_TTL_MS): Promise<{ nonce: string; expiresAt: number }> {
  const expiresAt = now + ttlMs;
  return { nonce: mintNonce(keys.privateKey, expiresAt), expiresAt };
}
