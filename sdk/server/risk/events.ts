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
import type { NormalizedAttempt, RiskEvent, RiskEventHooks } from './types';

// The event and hook types live in types.ts beside RiskEngineOptions (whose `events` they type):
// kept here they would make types.ts and this file import each other. Re-exported where callers import them.
export type { AssessedEvent, RecordedEvent, RiskEvent, RiskEventHooks } from './types';

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
