import { TwofoldError } from '../../protocol/errors';
import { canonicalIp } from '../geo/ip';
import type { GeoInfo, GeoResolver } from '../geo/types';
import { checkedReported } from './reported';
import type { LoginAttempt, NormalizedAttempt } from './types';
import { parseUserAgent } from './user-agent';

const CANONICAL_ASN = /^(?:0|[1-9]\d*)$/;

/** `AS2119`, `as2119`, 2119 → `2119`. */
export function normalizeAsn(asn: string | number | undefined): string | undefined {
  if (asn === undefined || asn === null || asn === '') return undefined;
  // Hot path (every assessment, twice): an ASN already in canonical form is returned as it is.
  if (typeof asn === 'string' && CANONICAL_ASN.test(asn)) return asn;
  const text = String(asn).trim().replace(/^as/i, '');
  return /^\d+$/.test(text) ? String(Number(text)) : undefined;
}

function timeOf(time: number | Date): number {
  const ms = time instanceof Date ? time.getTime() : time;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TwofoldError('invalid_attempt', 'attempt.time must be a Date or a number of milliseconds since the epoch.');
  }
  return ms;
}

/**
 * Validates an attempt and resolves what it lacks: time to ms, the IP canonical, the UA parsed, and country/ASN/
 * coordinates from `geo`. Fields given in the attempt win over `geo` (a site behind a CDN may know
 * the country better than our data).
 */
export async function normalizeAttempt(attempt: LoginAttempt, geo: GeoResolver | undefined): Promise<NormalizedAttempt> {
  if (!attempt || typeof attempt.userId !== 'string' || attempt.userId === '') {
    throw new TwofoldError('invalid_attempt', 'attempt.userId must be a non-empty string (the account being signed in to).');
  }
  if (typeof attempt.ip !== 'string' || attempt.ip === '') throw new TwofoldError('invalid_attempt', 'attempt.ip must be the client IP address as a string.');
  const userAgent = typeof attempt.userAgent === 'string' ? attempt.userAgent : '';
  const ip = canonicalIp(attempt.ip);
  let info: GeoInfo | undefined;
  if (geo) {
    try {
      info = await geo(ip);
    } catch {
      // A failing resolver must not fail the login; the attempt is scored without location.
      info = undefined;
    }
  }
  // Built field by field (no spread + delete) so every normalized attempt has the same shape.
  const normalized: NormalizedAttempt = { userId: attempt.userId, time: timeOf(attempt.time), ip, userAgent, ua: parseUserAgent(userAgent) };
  const given = typeof attempt.country === 'string' && attempt.country !== '' ? attempt.country : undefined;
  const country = given ?? info?.country;
  if (country) normalized.country = country.toUpperCase();
  const asn = normalizeAsn(attempt.asn) ?? normalizeAsn(info?.asn);
  if (asn) normalized.asn = asn;
  // Coordinates only make sense with the country they belong to.
  if (info && info.lat !== undefined && info.lon !== undefined && (!given || given.toUpperCase() === info.country.toUpperCase())) {
    normalized.lat = info.lat;
    normalized.lon = info.lon;
    if (info.accuracyKm !== undefined) normalized.accuracyKm = info.accuracyKm;
  }
  if (typeof attempt.rttMs === 'number') normalized.rttMs = attempt.rttMs;
  if (typeof attempt.deviceId === 'string' && attempt.deviceId !== '') normalized.deviceId = attempt.deviceId;
  if (typeof attempt.visitorId === 'string' && attempt.visitorId !== '') normalized.visitorId = attempt.visitorId;
  if (typeof attempt.timezone === 'string' && attempt.timezone !== '') normalized.timezone = attempt.timezone;
  if (Array.isArray(attempt.languages)) normalized.languages = attempt.languages;
  if (typeof attempt.automation === 'boolean') normalized.automation = attempt.automation;
  if (typeof attempt.consent === 'boolean') normalized.consent = attempt.consent;
  if (attempt.deviceProof === 'valid' || attempt.deviceProof === 'invalid' || attempt.deviceProof === 'missing') normalized.deviceProof = attempt.deviceProof;
  if (normalized.deviceProof === 'valid' && typeof attempt.deviceKeyId === 'string' && attempt.deviceKeyId !== '') normalized.deviceKeyId = attempt.deviceKeyId;
  else if (normalized.deviceProof === 'valid') normalized.deviceProof = 'invalid';
  if (typeof attempt.reportSent === 'boolean') normalized.reportSent = attempt.reportSent;
  const reported = checkedReported(attempt.reported);
  if (reported) normalized.reported = reported;
  const coverage = attempt.signalCoverage;
  if (coverage && Number.isInteger(coverage.sent) && Number.isInteger(coverage.of) && Array.isArray(coverage.missing)) {
    normalized.signalCoverage = { sent: coverage.sent, of: coverage.of, missing: coverage.missing.filter((id) => typeof id === 'string') };
  }
  return normalized;
}
