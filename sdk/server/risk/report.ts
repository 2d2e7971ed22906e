import type { SignalReport } from '../../protocol/report';
import { reportedClientOf } from './reported';
import type { LoginAttempt } from './types';

/** What the site knows itself about a sign-in (the SDK report cannot be trusted for these). */
export interface AttemptContext {
  userId: string;
  ip: string;
  userAgent: string;
  time: number | Date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of a signal that succeeded, or undefined when it is missing or errored. */
function signalValue(report: SignalReport, id: string): unknown {
  const result = report.signals[id];
  if (!result || result.error !== undefined) return undefined;
  return result.value;
}

function stringIn(value: unknown, ...keys: string[]): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (!isRecord(value)) return undefined;
  for (const key of keys) {
    const inner = value[key];
    if (typeof inner === 'string' && inner !== '') return inner;
  }
  return undefined;
}

/** The report signals the rules read; a report with consent that lacks most of them is itself a reason. */
export const SCORED_SIGNALS = ['device-id', 'visitor-id', 'time-zone', 'languages', 'automation'] as const;

/**
 * A device id the server accepts: the SDK's are 22 base64url characters (128 random bits); UUIDs
 * and other opaque ids of up to 200 such characters pass too. Anything else (empty, spaces, control
 * or JSON characters, an object, too long) is treated as no device id at all, i.e. an unseen device.
 * (Length is no defence here: a client-chosen id vouches only if this account's history holds it.)
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

/** True when the receipt's latest event is a withdrawal (or it has none). */
function consentWithdrawn(report: SignalReport): boolean {
  const events = report.receipt?.events ?? [];
  const last = events[events.length - 1];
  return last?.state !== 'given';
}

/**
 * Builds a `LoginAttempt` from an unsealed SDK report plus what the server observed. Tolerant:
 * a missing or errored signal leaves its field unset. The IP and User-Agent always come from the
 * HTTP request, never from the report (the page could claim anything). Signal ids follow
 * sdk/browser/signals: `device-id` ({ id }), `visitor-id` ({ visitorId }), `time-zone`
 * ({ timeZone }), `languages` ({ languages }), `automation` ({ webdriver, headless }).
 */
export function attemptFromReport(report: SignalReport | undefined, context: AttemptContext): LoginAttempt {
  const attempt: LoginAttempt = { userId: context.userId, ip: context.ip, userAgent: context.userAgent, time: context.time };
  if (!report || !isRecord(report.signals)) {
    // No report at all: no device signals were sent (consent refused, or the SDK did not run or was
    // blocked); the consent rule applies the policy and says which of these happened.
    attempt.consent = false;
    attempt.reportSent = false;
    return attempt;
  }
  attempt.consent = !consentWithdrawn(report);
  attempt.reportSent = true;

  const deviceId = stringIn(signalValue(report, 'device-id'), 'id', 'deviceId');
  if (deviceId && DEVICE_ID_PATTERN.test(deviceId)) attempt.deviceId = deviceId;
  const visitorId = stringIn(signalValue(report, 'visitor-id'), 'visitorId', 'id');
  if (visitorId) attempt.visitorId = visitorId;
  const timezone = stringIn(signalValue(report, 'time-zone') ?? signalValue(report, 'timezone'), 'timeZone', 'timezone');
  if (timezone) attempt.timezone = timezone;

  const languagesValue = signalValue(report, 'languages');
  const languages = Array.isArray(languagesValue) ? languagesValue : isRecord(languagesValue) ? languagesValue.languages : undefined;
  if (Array.isArray(languages)) {
    const list = languages.filter((l): l is string => typeof l === 'string' && l !== '').slice(0, 10);
    if (list.length > 0) attempt.languages = list;
  }

  const automation = signalValue(report, 'automation');
  if (typeof automation === 'boolean') attempt.automation = automation;
  else if (isRecord(automation)) attempt.automation = automation.webdriver === true || automation.headless === true;

  const reported = reportedClientOf(report.signals);
  if (reported) attempt.reported = reported;

  const present: Record<(typeof SCORED_SIGNALS)[number], boolean> = {
    'device-id': attempt.deviceId !== undefined,
    'visitor-id': attempt.visitorId !== undefined,
    'time-zone': attempt.timezone !== undefined,
    languages: attempt.languages !== undefined,
    automation: attempt.automation !== undefined,
  };
  const missing = SCORED_SIGNALS.filter((id) => !present[id]);
  attempt.signalCoverage = { sent: SCORED_SIGNALS.length - missing.length, of: SCORED_SIGNALS.length, missing };
  return attempt;
}
