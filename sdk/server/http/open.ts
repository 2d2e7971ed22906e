/**
 * `open`: from what a sign-in brought (the sealed report, if any) and what the server saw (IP,
 * User-Agent, time) to the attempt the engine scores. Unsealing checks key, site, origin, age and
 * the single-use nonce; everything inside stays attacker-controlled (anyone can seal with the
 * published key), so the report only ever contributes bounded, validated fields.
 */
import type { SignalReport } from '../../protocol/report';
import { MAX_DEVICE_ID_LENGTH } from '../../protocol/rights';
import type { SiteKeys } from '../keys';
import { applyDeviceProof, checkDeviceProof, type DeviceProofResult } from '../risk/device-proof';
import { attemptFromReport } from '../risk/report';
import type { LoginAttempt } from '../risk/types';
import { collectedReceiptOf, type CollectedReceipt } from '../rights';
import { unsealWithHeader } from '../seal';
import type { GuardStore } from '../store/types';

/** What the server itself observed about a sign-in. */
export interface SignInRequest {
  userId: string;
  /** The `twofold_sealed` value the page posted; absent or empty when no device signals were sent. */
  sealed?: string | undefined;
  ip: string;
  userAgent: string;
}

/** An opened sign-in: the bounded attempt to score and, when a report came, what it said it collected. */
export interface OpenedSignIn {
  attempt: LoginAttempt;
  report?: SignalReport;
  /** The receipt summary a successful login's signed receipt will carry. */
  collected?: CollectedReceipt;
}

/** What opening needs from the service configuration. */
export interface OpenContext {
  site: string;
  keys: Pick<SiteKeys, 'privateKey'>;
  /** Earlier key sets still accepted during a rollover. */
  previousKeys?: readonly Pick<SiteKeys, 'privateKey'>[] | undefined;
  nonces: Pick<GuardStore, 'markNonceSpent'>;
  origins?: readonly string[] | undefined;
}

/** Unseals (when a report came) and builds the bounded attempt; a bad envelope throws a 4xx SealError. */
export async function openSignIn(request: SignInRequest, context: OpenContext, at: number): Promise<OpenedSignIn> {
  let report: SignalReport | undefined;
  let proof: DeviceProofResult | undefined;
  if (request.sealed !== undefined && request.sealed !== '') {
    const opened = await unsealWithHeader(request.sealed, {
      privateKey: context.keys.privateKey,
      ...(context.previousKeys?.length ? { previousPrivateKeys: context.previousKeys.map((k) => k.privateKey) } : {}),
      site: context.site,
      nonces: context.nonces,
      now: at,
      ...(context.origins ? { origins: context.origins } : {}),
    });
    report = opened.report;
    proof = await checkDeviceProof(opened);
  }
  const attempt = boundAttempt(attemptFromReport(report, { userId: request.userId, ip: request.ip, userAgent: request.userAgent, time: at }));
  if (proof) applyDeviceProof(attempt, proof);
  if (!report) return { attempt };
  const collected = collectedReceiptOf(report, at);
  return collected ? { attempt, report, collected } : { attempt, report };
}

/**
 * Bounds what an attempt carries from the request (IP, User-Agent) and from the client-controlled
 * report, so the attempt token signed over it stays under MAX_ATTEMPT_TOKEN_LENGTH and a device id
 * always fits a rights token. Nothing a browser or the SDK sends comes near these bounds: longer
 * ids, time zones and languages are dropped (a cut id would merge devices), IP and User-Agent cut.
 */
export function boundAttempt(attempt: LoginAttempt): LoginAttempt {
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
