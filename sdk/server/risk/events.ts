/**
 * "Was this you?": the engine tells the site about sign-ins worth a word to the account holder.
 * `onChallenge` / `onDeny` after an assessment with that decision; `onNewDevice` after a successful
 * sign-in from a device the account had not proven before (a device key bound for the first time,
 * a consented sign-in without a valid proof, or — for callers without proofs — a device id never
 * seen). The site decides what to show or send (the demo shows a notice on the next visit).
 *
 * Hooks run after the engine's own work and cannot change its answer: a hook that throws or
 * rejects is reported to `onError` (when given) and otherwise ignored, so a broken mailer never
 * breaks sign-in.
 */
import type { Assessment, NormalizedAttempt } from './types';

/** What every event says about the sign-in (no raw report data: what the server observed, parsed). */
export interface RiskEvent {
  userId: string;
  /** When the sign-in happened (ms since the epoch). */
  time: number;
  ip: string;
  /** ISO country of the IP, when known. */
  country?: string;
  /** Browser and OS as parsed from the User-Agent, e.g. `Firefox 128`, `Linux`. */
  browser: string;
  os: string;
  deviceType: string;
  /** The SDK's device id, when one came. */
  deviceId?: string;
  /** The device key that signed the report, when its proof held. */
  deviceKeyId?: string;
}

/** An assessment's event: the sign-in plus the engine's answer. */
export interface AssessedEvent extends RiskEvent {
  assessment: Assessment;
}

/** A recorded sign-in's event: the login id ("this wasn't me" marks it). */
export interface RecordedEvent extends RiskEvent {
  loginId: string;
}

/** The hooks a site may supply in `createRiskEngine({ events })`. */
export interface RiskEventHooks {
  onNewDevice?(event: RecordedEvent): void | Promise<void>;
  onChallenge?(event: AssessedEvent): void | Promise<void>;
  onDeny?(event: AssessedEvent): void | Promise<void>;
  /** Called with whatever a hook threw or rejected with. */
  onError?(error: unknown, hook: 'onNewDevice' | 'onChallenge' | 'onDeny'): void;
}

/** The event fields of a normalized attempt. */
export function eventOf(attempt: NormalizedAttempt): RiskEvent {
  const event: RiskEvent = {
    userId: attempt.userId,
    time: attempt.time,
    ip: attempt.ip,
    browser: attempt.ua.browser,
    os: attempt.ua.os,
    deviceType: attempt.ua.deviceType,
  };
  if (attempt.country) event.country = attempt.country;
  if (attempt.deviceId) event.deviceId = attempt.deviceId;
  if (attempt.deviceProof === 'valid' && attempt.deviceKeyId) event.deviceKeyId = attempt.deviceKeyId;
  return event;
}

/** Calls one hook, containing whatever it throws. */
export async function emit<E>(hooks: RiskEventHooks | undefined, name: 'onNewDevice' | 'onChallenge' | 'onDeny', event: E): Promise<void> {
  const hook = hooks?.[name] as ((event: E) => void | Promise<void>) | undefined;
  if (!hook) return;
  try {
    await hook.call(hooks, event);
  } catch (error) {
    try {
      hooks?.onError?.(error, name);
    } catch {
      // An error handler that throws is ignored too: sign-in goes on.
    }
  }
}
