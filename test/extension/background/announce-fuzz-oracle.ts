/**
 * The announcement fuzz's independent oracle: what SHOULD be accepted, decided without
 * the valibot schema under test. Two layers, both written by hand from docs/announce-protocol.md:
 * a fixed verdict per generated class where the generator guarantees it by construction, and, for
 * the classes that mutate at random (json-swap, stretch, proto-keys, not-a-string objects), a
 * hand-written check of the announcement rules. Not a test file itself.
 */
import type { DetailClass } from './announce-fuzz-cases';

/** Accepted or refused. */
export type Verdict = 'accept' | 'reject';

/** Per class: the verdict by construction, or `rules` when only the hand-written rules can tell. */
export const CLASS_VERDICT: Record<DetailClass, Verdict | 'rules'> = {
  truncated: 'reject', // a strict prefix of a JSON object is never JSON
  'broken-syntax': 'reject', // a structural character outside strings replaced by a different token
  oversized: 'reject', // longer than MAX_ANNOUNCEMENT_LENGTH
  'not-a-string': 'reject', // the detail must be a JSON string
  'json-swap': 'rules',
  stretch: 'rules',
  'proto-keys': 'rules', // unknown keys are dropped, so usually accepted, never polluting
  'bad-timestamp': 'reject',
  'bad-token': 'reject',
  'bad-signals': 'reject',
  'wrong-version': 'reject',
  'missing-field': 'reject',
  'wrong-root': 'reject',
};

// Copied by hand from the protocol, on purpose not imported: the oracle must not share the code under test.
const MAX_DETAIL = 32 * 1024;
const MAX_TOKEN = 4096;
const CATEGORIES = new Set(['browser', 'device', 'locale', 'time', 'location', 'fingerprint', 'automation']);
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z| ?[+-]\d{2}(:?\d{2})?)$/;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
const text = (x: unknown, min: number, max: number) => typeof x === 'string' && x.length >= min && x.length <= max;
/** An ISO 8601 timestamp that names a real instant (month 13 or hour 99 do not). */
function timestamp(x: unknown): boolean {
  if (typeof x !== 'string' || !ISO_SHAPE.test(x)) return false;
  const [, month, day, hour, minute, second] = /^\d{4}-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})/.exec(x)!.map(Number);
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31 && hour! <= 23 && minute! <= 59 && second! <= 59;
}
/** An optional field: absent (or undefined) passes; present must satisfy `check`. */
const optional = (doc: Record<string, unknown>, key: string, check: (x: unknown) => boolean) =>
  !Object.hasOwn(doc, key) || doc[key] === undefined || check(doc[key]);
const required = (doc: Record<string, unknown>, key: string, check: (x: unknown) => boolean) => Object.hasOwn(doc, key) && check(doc[key]);

/** The announcement rules for a parsed value (the background's `ledger.announce` payload). */
export function announcementObjectVerdict(doc: unknown): Verdict {
  if (!isRecord(doc)) return 'reject';
  const signals = (x: unknown) =>
    Array.isArray(x) &&
    x.length <= 64 &&
    x.every((s) => isRecord(s) && text(s['id'], 0, 64) && typeof s['category'] === 'string' && CATEGORIES.has(s['category']));
  const controller = (x: unknown) => isRecord(x) && text(x['name'], 1, 200) && text(x['contact'], 0, 320) && text(x['policyUrl'], 0, 2048);
  const ok =
    required(doc, 'v', (x) => x === 1) &&
    required(doc, 'site', (x) => text(x, 1, 253)) &&
    required(doc, 'origin', (x) => text(x, 0, 2048)) &&
    optional(doc, 'controller', controller) &&
    optional(doc, 'policyUrl', (x) => text(x, 0, 2048)) &&
    required(doc, 'signals', signals) &&
    required(doc, 'receiptId', (x) => text(x, 8, 64)) &&
    required(doc, 'receiptTime', timestamp) &&
    required(doc, 'consent', (x) => x === 'granted' || x === 'withdrawn') &&
    required(doc, 'collectedAt', (x) => x === null || timestamp(x)) &&
    optional(doc, 'withdrawnAt', timestamp) &&
    optional(doc, 'rightsToken', (x) => text(x, 1, MAX_TOKEN)) &&
    optional(doc, 'receiptSignature', (x) => text(x, 1, MAX_TOKEN)) &&
    required(doc, 'sdkVersion', (x) => text(x, 0, 32));
  return ok ? 'accept' : 'reject';
}

/** The rules for a page's `twofold:announce` detail: a JSON string of a bounded length holding an announcement. */
export function announcementDetailVerdict(detail: unknown): Verdict {
  if (typeof detail !== 'string' || detail.length > MAX_DETAIL) return 'reject';
  let doc: unknown;
  try {
    doc = JSON.parse(detail);
  } catch {
    return 'reject';
  }
  return announcementObjectVerdict(doc);
}

/** The expected verdict for a generated detail of class `kind`: by construction where known, else by the rules. */
export function expectedDetailVerdict(kind: DetailClass, detail: unknown): Verdict {
  const fixed = CLASS_VERDICT[kind];
  return fixed === 'rules' ? announcementDetailVerdict(detail) : fixed;
}
