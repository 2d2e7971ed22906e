/**
 * The operations behind the HTTP handler, free of HTTP: nonce, assess, record, rights requests,
 * the well-known document and retention. A site's own login route can call these directly (the
 * demo does). Each step lives in its own module:
 *
 *   assess = score(open(sealed))   open.ts (unseal + bounded attempt), the engine scores,
 *                                  the collection is kept unless the subject objected (objection.ts)
 *   record                         record.ts: the only place rights tokens are issued (on success)
 *   access/erase/object/rectify    rights-requests.ts, reaching one (account, device) only
 */
import { randomUUID } from 'node:crypto';
import { TwofoldError } from '../../protocol/errors';
import type { Controller } from '../../protocol/receipt';
import type { SignalReport } from '../../protocol/report';
import type { RectifyResult, RightsResult, WellKnown } from '../../protocol/rights';
import { collectionFeatures, collectionSignals } from '../collection';
import type { GeoResolver } from '../geo/types';
import type { SiteKeys } from '../keys';
import { isObjecting } from '../objection';
import { createRiskEngine, type Assessment, type LoginAttempt, type RiskEngine, type RiskEngineOptions } from '../risk/index';
import { createSigner, type CollectedReceipt, type Signer } from '../rights';
import { issueNonce, replayed } from '../seal';
import type { DeviceKeyRecord, Store, SubjectExport } from '../store/types';
import { issueAttemptToken, openAttemptToken } from './attempt-token';
import { openSignIn, type OpenedSignIn, type SignInRequest } from './open';
import { recordOutcome, type RecordResult } from './record';
import { createRightsRequests } from './rights-requests';
import { wellKnownDocument } from './well-known';

export { MAX_ATTEMPT_TOKEN_LENGTH } from './attempt-token';
export { DEFAULT_PURPOSES } from './well-known';
export type { RecordResult } from './record';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Configuration shared by the service and the HTTP handler. */
export interface TwofoldServiceOptions {
  /** The site name reports must be sealed for (as passed to Twofold.init). */
  site: string;
  store: Store;
  keys: SiteKeys;
  /**
   * Key sets replaced by `keys`, still accepted for opening reports during a rollover (pages that loaded the old
   * public key); only `keys` is published and signs. Drop them once no page can hold the old key (an hour is plenty).
   */
  previousKeys?: readonly Pick<SiteKeys, 'privateKey'>[];
  policy?: RiskEngineOptions['policy'];
  geo?: GeoResolver;
  /** "Was this you?" hooks for the engine made here (onNewDevice, onChallenge, onDeny). */
  events?: RiskEngineOptions['events'];
  /** A ready engine (otherwise one is made from store, geo, policy and events). */
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
  /**
   * Absolute public base URL (e.g. `https://example.com`) the well-known document names the rights
   * endpoint under. Without it only loopback requests get the document (see well-known.ts).
   */
  publicUrl?: string;
  /** Issue signed attempt tokens for `recordByToken` (the handler turns this on with `apiKey`). */
  attemptTokens?: boolean;
  now?: () => number;
}

/** What `assess` returns. Never a rights token: those come from a successful `record`. */
export interface AssessOutcome {
  assessment: Assessment;
  attempt: LoginAttempt;
  report?: SignalReport;
  /** What the report says was collected; pass it to `record` so a success returns the signed receipt. */
  collected?: CollectedReceipt;
  /** Signed attempt for a later `record` call over HTTP (when attempt tokens are enabled). */
  attemptToken?: string;
}

/** The service: every Twofold server operation. */
export interface TwofoldService {
  readonly engine: RiskEngine;
  readonly options: TwofoldServiceOptions;
  readonly retentionDays: number;
  issueNonce(): Promise<{ nonce: string; expiresAt: number }>;
  assess(input: SignInRequest): Promise<AssessOutcome>;
  /**
   * Records the outcome of an assessed attempt: pass what assess returned (or its `attempt` and
   * `collected`). On `success` with a device id it returns the rights token for this account on this
   * device and, when a report came, the signed receipt covering it (`rth`).
   */
  record(
    assessed: LoginAttempt | Pick<AssessOutcome, 'attempt' | 'collected'>,
    outcome: 'success' | 'failure',
    collected?: CollectedReceipt,
  ): Promise<RecordResult>;
  recordByToken(attemptToken: unknown, outcome: 'success' | 'failure'): Promise<RecordResult>;
  access(token: unknown): Promise<SubjectExport>;
  erase(token: unknown): Promise<RightsResult>;
  object(token: unknown): Promise<RightsResult>;
  /** "This wasn't me": a login of the token's account on its device stops vouching for later sign-ins. */
  rectify(token: unknown, loginId: string): Promise<RectifyResult>;
  /** The account's remembered devices: its bound device keys (for an account page's "your devices"). */
  listDeviceKeys(userId: string): Promise<DeviceKeyRecord[]>;
  /** Forgets one remembered device of the account: its key no longer vouches. True when it was bound. */
  revokeDeviceKey(userId: string, keyId: string): Promise<boolean>;
  /** The well-known document; `requestBase` is the request's own base URL, used only when it is loopback. */
  wellKnown(requestBase?: string): WellKnown;
  purge(): Promise<number>;
}

/** Builds the service; the signing keys are imported lazily on first use. */
export function createTwofoldService(options: TwofoldServiceOptions): TwofoldService {
  if (!options.site) throw new TwofoldError('bad_config', 'createTwofoldHandler needs `site`: the site name the SDK is initialised with.', { status: 500 });
  if (!options.store) throw new TwofoldError('bad_config', 'createTwofoldHandler needs a `store` (e.g. await openStore()).', { status: 500 });
  if (!options.keys?.privateKey) throw new TwofoldError('bad_config', 'createTwofoldHandler needs `keys` from generateSiteKeys().', { status: 500 });
  if (options.previousKeys?.some((k) => typeof k?.privateKey !== 'string')) {
    throw new TwofoldError('bad_config', '`previousKeys` must be earlier key sets from generateSiteKeys() (each with its `privateKey`).', { status: 500 });
  }
  if (options.publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+\/?$/.test(options.publicUrl)) {
    throw new TwofoldError('bad_config', `publicUrl must be an absolute http(s) origin such as https://example.com, got "${options.publicUrl}".`, {
      status: 500,
    });
  }
  const { store, keys, site } = options;
  const retentionDays = options.retentionDays ?? 90;
  const now = options.now ?? Date.now;
  // A remembered device is forgotten no later than its logins are: the remember period stays within the retention.
  const rememberDeviceMs = Math.min(options.policy?.rememberDeviceMs ?? retentionDays * DAY_MS, retentionDays * DAY_MS);
  const engine =
    options.engine ??
    createRiskEngine({
      store,
      ...(options.geo ? { geo: options.geo } : {}),
      policy: { ...options.policy, rememberDeviceMs },
      ...(options.events ? { events: options.events } : {}),
    });
  let signerPromise: Promise<Signer> | undefined;
  const signer = () => (signerPromise ??= createSigner(keys));
  const basePath = (options.basePath ?? '/twofold').replace(/\/$/, '');
  const recording = { engine, signer, site, rightsTtlMs: retentionDays * DAY_MS };
  const rights = createRightsRequests({ store, signer, site, now });

  /**
   * open: unseal and bound (open.ts), and keep the collection (bounded, see collection.ts) for the
   * device it names unless that subject objected: after a successful login, that account's rights
   * token reaches it. The seal nonce is spent together with the collection, in one transaction
   * (Store.markNonceSpent): unseal only notes it, and nothing of the report is used or kept before
   * that write succeeds, so a replayed report is refused exactly as before with one write less.
   */
  async function open(input: SignInRequest, at: number): Promise<OpenedSignIn> {
    let spend: { nonce: string; expiresAt: number } | undefined;
    const noting = {
      markNonceSpent: async (nonce: string, expiresAt: number) => {
        spend = { nonce, expiresAt };
        return true;
      },
    };
    const opened = await openSignIn(input, { site, keys, previousKeys: options.previousKeys, nonces: noting, origins: options.origins }, at);
    const { attempt, report } = opened;
    const collection =
      report && attempt.deviceId && !(await isObjecting(store, { userId: attempt.userId, deviceId: attempt.deviceId }))
        ? {
            id: randomUUID(),
            deviceId: attempt.deviceId,
            userId: attempt.userId,
            time: at,
            receiptId: report.receipt.receiptId,
            // The receipt summary holds the same signal ids (collectedReceiptOf): not filtered and sorted twice.
            signals: opened.collected?.signals ?? collectionSignals(report),
            features: collectionFeatures(attempt),
          }
        : undefined;
    if (spend) {
      if (!(await store.markNonceSpent(spend.nonce, spend.expiresAt, collection))) throw replayed();
    } else if (collection) await store.recordCollection(collection);
    return opened;
  }

  return {
    engine,
    options,
    retentionDays,

    issueNonce: () => issueNonce(keys, now()),

    async assess(input) {
      const at = now();
      const opened = await open(input, at);
      const assessment = await engine.assess(opened.attempt); // score
      const outcome: AssessOutcome = {
        assessment,
        attempt: opened.attempt,
        ...(opened.report ? { report: opened.report } : {}),
        ...(opened.collected ? { collected: opened.collected } : {}),
      };
      if (options.attemptTokens) outcome.attemptToken = await issueAttemptToken(await signer(), opened.attempt, opened.collected, at, assessment.deviceEvent);
      return outcome;
    },

    record(assessed, outcome, collected) {
      const fromAssess = 'attempt' in assessed && typeof assessed.attempt === 'object' && assessed.attempt !== null;
      const attempt = fromAssess ? (assessed as AssessOutcome).attempt : (assessed as LoginAttempt);
      const assessment = fromAssess ? (assessed as AssessOutcome).assessment : undefined;
      return recordOutcome(recording, attempt, outcome, now(), {
        collected: collected ?? (fromAssess ? (assessed as AssessOutcome).collected : undefined),
        assessed: typeof assessment === 'object' && assessment !== null ? assessment : undefined,
      });
    },

    async recordByToken(attemptToken, outcome) {
      const at = now();
      const opened = await openAttemptToken(await signer(), attemptToken, at);
      // The token's id is marked spent in the same transaction as the login row, so a crash between
      // the two cannot leave a spent token with nothing recorded (the site's retry then succeeds).
      try {
        const spend = { nonce: opened.nonce, now: at, expiresAt: opened.expiresAt, registered: opened.registered };
        return await recordOutcome(recording, opened.attempt, outcome, at, {
          collected: opened.collected,
          spend,
          assessed: { deviceEvent: opened.deviceEvent },
        });
      } catch (error) {
        if (error instanceof TwofoldError && error.code === 'nonce_spent')
          throw new TwofoldError('attempt_token_used', 'This attempt was already recorded.', { status: 409 });
        throw error;
      }
    },

    ...rights,

    listDeviceKeys: (userId) => store.listDeviceKeys({ userId }),
    revokeDeviceKey: (userId, keyId) => store.revokeDeviceKey(userId, keyId),

    wellKnown: (requestBase) => wellKnownDocument({ ...options, keys, basePath, retentionDays }, requestBase),

    // Logins, collections and device keys unused for that long go after the retention period; single-use ids (attempt and rights
    // token ids, spent seal nonces) as soon as they expire, so nothing piles up.
    purge: async () =>
      (await store.purge(now() - retentionDays * DAY_MS)) +
      (await store.purgeDeviceKeys(now() - retentionDays * DAY_MS)) +
      (await store.purgeExpiredNonces(now())),
  };
}
