/**
 * The operations behind the HTTP handler, free of HTTP: nonce, assess (unseal + score + record the
 * collection + issue tokens), record, rights (access / erase / object), the well-known document and
 * retention. A site's own login route can call these directly (the demo does).
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { TwofoldError } from '../../protocol/errors';
import type { Controller } from '../../protocol/receipt';
import type { SignalReport } from '../../protocol/report';
import { SEAL_ALG } from '../../protocol/seal';
import { MAX_DEVICE_ID_LENGTH, type RectifyResult, type RightsResult, type WellKnown } from '../../protocol/rights';
import type { GeoResolver } from '../geo/types';
import type { SiteKeys } from '../keys';
import { attemptFromReport, createRiskEngine, type Assessment, type LoginAttempt, type RiskEngine, type RiskEngineOptions } from '../risk/index';
import { checkRightsToken, createSigner, issueRightsToken, signReceipt, spendRightsToken, type Signer } from '../rights';
import { collectionOf } from '../collection';
import { issueNonce, unsealWithHeader } from '../seal';
import type { Store, SubjectExport } from '../store/types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an attempt token (assess → record) stays valid. */
const ATTEMPT_TOKEN_TTL_MS = 10 * 60 * 1000;
const ATTEMPT_PREFIX = 'at1';
/**
 * Longest attempt token `recordByToken` accepts. The token signs the whole attempt; with every
 * field at its bound (see boundAttempt) and each character JSON-escaped to 6 bytes, the claims are
 * about 10 KB, 13.6 KB in base64url: this limit is what keeps every token assess issues redeemable.
 */
export const MAX_ATTEMPT_TOKEN_LENGTH = 16 * 1024;

/** Default purposes published in the well-known document. */
export const DEFAULT_PURPOSES = [
  { id: 'security', description: 'Protect accounts from takeover: assess the risk of each sign-in from browser and device signals.' },
];

/** Configuration shared by the service and the HTTP handler. */
export interface TwofoldServiceOptions {
  /** The site name reports must be sealed for (as passed to Twofold.init). */
  site: string;
  store: Store;
  keys: SiteKeys;
  policy?: RiskEngineOptions['policy'];
  geo?: GeoResolver;
  /** A ready engine (otherwise one is made from store, geo and policy). */
  engine?: RiskEngine;
  /** Days rows are kept before the retention purge (default 90). */
  retentionDays?: number;
  /** Page origins allowed to seal for this site (any when omitted). */
  origins?: readonly string[];
  controller?: Controller;
  processors?: { name: string; purpose: string }[];
  purposes?: { id: string; description: string }[];
  /** Mount path of the Twofold endpoints (default `/twofold`). */
  basePath?: string;
  /** Absolute public base URL (e.g. `https://example.com`); otherwise taken from each request's Host. */
  publicUrl?: string;
  /** Issue signed attempt tokens for `recordByToken` (the handler turns this on with `apiKey`). */
  attemptTokens?: boolean;
  now?: () => number;
}

/** What `assess` returns. */
export interface AssessOutcome {
  assessment: Assessment;
  attempt: LoginAttempt;
  report?: SignalReport;
  /** Per-device rights token (when the report carried a device id and the device did not object). */
  rightsToken?: string;
  /** The consent receipt signed by the site (`rc1.`), for the SDK's announcement to the extension. */
  signedReceipt?: string;
  /** Signed attempt for a later `record` call over HTTP (when attempt tokens are enabled). */
  attemptToken?: string;
}

/** The service: every Twofold server operation. */
export interface TwofoldService {
  readonly engine: RiskEngine;
  readonly options: TwofoldServiceOptions;
  readonly retentionDays: number;
  issueNonce(): Promise<{ nonce: string; expiresAt: number }>;
  assess(input: { userId: string; sealed?: string | undefined; ip: string; userAgent: string }): Promise<AssessOutcome>;
  record(attempt: LoginAttempt, outcome: 'success' | 'failure'): Promise<string | undefined>;
  recordByToken(attemptToken: unknown, outcome: 'success' | 'failure'): Promise<string | undefined>;
  access(token: unknown): Promise<SubjectExport>;
  erase(token: unknown): Promise<RightsResult>;
  object(token: unknown): Promise<RightsResult>;
  /** "This wasn't me": a login recorded for the token's device stops vouching for later sign-ins. */
  rectify(token: unknown, loginId: string): Promise<RectifyResult>;
  wellKnown(requestBaseUrl: string): WellKnown;
  purge(): Promise<number>;
}

const AttemptClaimsSchema = v.object({
  v: v.literal(1),
  jti: v.string(),
  exp: v.number(),
  attempt: v.looseObject({ userId: v.string(), ip: v.string(), userAgent: v.string(), time: v.number() }),
});

/** Builds the service; the signing keys are imported lazily on first use. */
export function createTwofoldService(options: TwofoldServiceOptions): TwofoldService {
  if (!options.site) throw new TwofoldError('bad_config', 'createTwofoldHandler needs `site`: the site name the SDK is initialised with.', { status: 500 });
  if (!options.store) throw new TwofoldError('bad_config', 'createTwofoldHandler needs a `store` (e.g. await openStore()).', { status: 500 });
  if (!options.keys?.privateKey) throw new TwofoldError('bad_config', 'createTwofoldHandler needs `keys` from generateSiteKeys().', { status: 500 });
  const { store, keys, site } = options;
  const retentionDays = options.retentionDays ?? 90;
  const now = options.now ?? Date.now;
  const engine = options.engine ?? createRiskEngine({ store, ...(options.geo ? { geo: options.geo } : {}), ...(options.policy ? { policy: options.policy } : {}) });
  let signerPromise: Promise<Signer> | undefined;
  const signer = () => (signerPromise ??= createSigner(keys));
  const basePath = (options.basePath ?? '/twofold').replace(/\/$/, '');
  /** A rights token's claims, checked and still unspent (not spending it). */
  const liveClaims = async (token: unknown, at: number) => checkRightsToken(await signer(), store, token, { site, now: at, consume: false });

  async function rightsResult(token: unknown, object: boolean): Promise<RightsResult> {
    const at = now();
    // Erase first, spend the token after: erasing is idempotent, so a crash (or a failed query) in
    // between leaves the token usable and the visitor's retry finishes the job, instead of a spent
    // token whose data was never erased. Of two racing requests both erase (harmless: the second
    // finds nothing) and the one that did not get the token is answered as a reuse.
    const claims = await liveClaims(token, at);
    const subject = { deviceId: claims.dev };
    const erased = object ? await store.objectSubject(subject, at) : await store.eraseSubject(subject);
    await spendRightsToken(store, claims, at);
    return { confirmationId: randomUUID(), erased, remainingRows: await store.countRows(subject), objected: object, at };
  }

  return {
    engine,
    options,
    retentionDays,

    issueNonce: () => issueNonce(keys, now()),

    async assess({ userId, sealed, ip, userAgent }) {
      const at = now();
      let report: SignalReport | undefined;
      if (sealed !== undefined && sealed !== '') {
        const opened = await unsealWithHeader(sealed, { privateKey: keys.privateKey, site, nonces: store, now: at, ...(options.origins ? { origins: options.origins } : {}) });
        report = opened.report;
      }
      const attempt = boundAttempt(attemptFromReport(report, { userId, ip, userAgent, time: at }));
      const assessment = await engine.assess(attempt);
      const s = await signer();
      const outcome: AssessOutcome = { assessment, attempt };
      if (report) {
        outcome.report = report;
        outcome.signedReceipt = await signReceipt(s, report, at);
        const deviceId = attempt.deviceId;
        if (deviceId && !(await store.isObjected({ deviceId })) && !(await store.isObjected({ userId }))) {
          await store.recordCollection({
            id: randomUUID(), deviceId, userId, time: at, receiptId: report.receipt.receiptId, ...collectionOf(report, attempt),
          });
          outcome.rightsToken = await issueRightsToken(s, store, { site, deviceId, now: at, ttlMs: retentionDays * DAY_MS });
        }
      }
      if (options.attemptTokens) {
        const jti = randomUUID();
        await store.issueNonce(`at:${jti}`, at + ATTEMPT_TOKEN_TTL_MS);
        outcome.attemptToken = await s.sign(ATTEMPT_PREFIX, { v: 1, jti, exp: at + ATTEMPT_TOKEN_TTL_MS, attempt });
      }
      return outcome;
    },

    record: (attempt, outcome) => engine.record(attempt, outcome),

    async recordByToken(attemptToken, outcome) {
      const claims = v.safeParse(AttemptClaimsSchema, await (await signer()).verify(ATTEMPT_PREFIX, attemptToken, MAX_ATTEMPT_TOKEN_LENGTH).catch(() => undefined));
      const at = now();
      if (!claims.success || claims.output.exp <= at) {
        throw new TwofoldError('attempt_token_invalid', 'The attempt token is invalid or expired; record within 10 minutes of POST /twofold/assess, with the token it returned.', { status: 400 });
      }
      // The token's id is used up in the same transaction as the login row, so a crash between
      // the two cannot leave a spent token with nothing recorded (the site's retry then succeeds).
      try {
        return await engine.record(claims.output.attempt as unknown as LoginAttempt, outcome, { nonce: `at:${claims.output.jti}`, now: at });
      } catch (error) {
        if (error instanceof TwofoldError && error.code === 'nonce_spent') throw new TwofoldError('attempt_token_used', 'This attempt was already recorded.', { status: 409 });
        throw error;
      }
    },

    async access(token) {
      const claims = await liveClaims(token, now());
      return store.exportSubject({ deviceId: claims.dev });
    },

    erase: (token) => rightsResult(token, false),
    object: (token) => rightsResult(token, true),

    async rectify(token, loginId) {
      const at = now();
      const claims = await liveClaims(token, at);
      // Only logins of the token's own device can be marked: the token proves nothing about others.
      const login = (await store.exportSubject({ deviceId: claims.dev })).logins.find((l) => l.id === loginId);
      if (!login) throw new TwofoldError('login_not_found', 'No login with this id is recorded for the device of this rights token; export your data to see its logins.', { status: 404 });
      return { loginId, rectified: await store.markNotMe(login.userId, loginId), at };
    },

    wellKnown(requestBaseUrl) {
      const base = (options.publicUrl ?? requestBaseUrl).replace(/\/$/, '');
      const doc: WellKnown = {
        version: 1,
        site,
        sealing: { alg: SEAL_ALG, kid: keys.kid, publicKey: keys.publicKey },
        receiptSigningKey: keys.signingPublicKey as WellKnown['receiptSigningKey'],
        rightsEndpoint: `${base}${basePath}/rights`,
        retentionDays,
        purposes: options.purposes ?? DEFAULT_PURPOSES,
      };
      if (options.controller) doc.controller = options.controller;
      if (options.processors) doc.processors = options.processors;
      return doc;
    },

    // Logins and collections go after the retention period; single-use ids (seal nonces, attempt
    // and rights token ids) as soon as they expire, so unused nonces cannot pile up.
    purge: async () => (await store.purge(now() - retentionDays * DAY_MS)) + (await store.purgeExpiredNonces(now())),
  };
}

/**
 * Bounds what an attempt carries from the request (IP, User-Agent) and from the client-controlled
 * report, so the attempt token signed over it stays under MAX_ATTEMPT_TOKEN_LENGTH and a device id
 * always fits a rights token. Nothing a browser or the SDK sends comes near these bounds: longer
 * ids, time zones and languages are dropped (a cut id would merge devices), IP and User-Agent cut.
 */
function boundAttempt(attempt: LoginAttempt): LoginAttempt {
  attempt.ip = attempt.ip.slice(0, 64);
  attempt.userAgent = attempt.userAgent.slice(0, 512);
  if (attempt.deviceId !== undefined && attempt.deviceId.length > MAX_DEVICE_ID_LENGTH) delete attempt.deviceId;
  if (attempt.visitorId !== undefined && attempt.visitorId.length > MAX_DEVICE_ID_LENGTH) delete attempt.visitorId;
  if (attempt.timezone !== undefined && attempt.timezone.length > 64) delete attempt.timezone;
  if (attempt.languages) {
    const languages = attempt.languages.filter((language) => language.length <= 35);
    if (languages.length > 0) attempt.languages = languages;
    else delete attempt.languages;
  }
  return attempt;
}
