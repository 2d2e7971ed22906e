/**
 * The announcement an SDK makes to the Twofold extension after a consented collection (the
 * ledger's first source, docs/ledger.md). Protocol, timing and trust rules: docs/announce-protocol.md. The SDK builds
 * the payload (typed by `Announcement`, no valibot on the page); the extension parses every
 * announcement it receives with `parseAnnouncement` and treats it as a claim keyed by the sender's
 * real origin until the receipt signature verifies against the site's published key.
 */
import * as v from 'valibot';
import { ANNOUNCEMENT_VERSION, MAX_ANNOUNCEMENT_LENGTH, MAX_TOKEN_LENGTH } from './announce-events';
import { ValidationError } from './errors';
import { ControllerSchema } from './receipt';
import { SignalCategorySchema } from './signals';
import { SIGNED_RECEIPT_PREFIX, verifySignedReceipt } from './rights';
import { parseWith } from './validate';

export * from './announce-events';

/** The consent state an announcement reports: a live consent, or one withdrawn on this page. */
export const ANNOUNCED_CONSENT_STATES = ['granted', 'withdrawn'] as const;

const Timestamp = v.pipe(v.string(), v.isoTimestamp());

/** The `twofold:announce` payload (the event's `detail`, as a JSON string). */
export const AnnouncementSchema = v.object({
  v: v.literal(ANNOUNCEMENT_VERSION),
  /** The site name the SDK was initialised with (a claim: the receiver keys by the sender's origin). */
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  /** `location.origin` of the page (a claim; compare with the sender's origin). */
  origin: v.pipe(v.string(), v.maxLength(2048)),
  controller: v.optional(ControllerSchema),
  policyUrl: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  /** The signals collected (or, without a collection on this page, consented to), with categories. */
  signals: v.pipe(v.array(v.object({ id: v.pipe(v.string(), v.maxLength(64)), category: SignalCategorySchema })), v.maxLength(64)),
  receiptId: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
  /** When consent was given (the receipt's timestamp). */
  receiptTime: Timestamp,
  consent: v.picklist(ANNOUNCED_CONSENT_STATES),
  /** When the signals were collected on this page; null when this page collected nothing (e.g. only set a rights token, or withdrew). */
  collectedAt: v.nullable(Timestamp),
  /** When consent was withdrawn (consent `withdrawn` only). */
  withdrawnAt: v.optional(Timestamp),
  /** Per-device rights token the site's server issued (`POST /twofold/assess` → `rightsToken`), for export/erase/object. */
  rightsToken: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TOKEN_LENGTH))),
  /** The site's signature over this receipt (`POST /twofold/assess` → `receipt`), verified with the key in /.well-known/twofold.json. */
  receiptSignature: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TOKEN_LENGTH))),
  /** Version of the SDK that announced. */
  sdkVersion: v.pipe(v.string(), v.maxLength(32)),
});
/** A validated announcement. */
export type Announcement = v.InferOutput<typeof AnnouncementSchema>;

/**
 * Parses a `twofold:announce` detail: a JSON string of at most MAX_ANNOUNCEMENT_LENGTH characters
 * matching AnnouncementSchema. Anything else (an object detail, bad JSON, a wrong field) throws a
 * ValidationError naming what is wrong; unknown fields are dropped.
 */
export function parseAnnouncement(detail: unknown): Announcement {
  if (typeof detail !== 'string')
    throw new ValidationError('Twofold announcement', [`expected the detail to be a JSON string, received ${detail === null ? 'null' : typeof detail}`]);
  if (detail.length > MAX_ANNOUNCEMENT_LENGTH)
    throw new ValidationError('Twofold announcement', [`${detail.length} characters is over the ${MAX_ANNOUNCEMENT_LENGTH} limit`]);
  let json: unknown;
  try {
    json = JSON.parse(detail);
  } catch {
    throw new ValidationError('Twofold announcement', ['the detail is not valid JSON']);
  }
  return parseWith(AnnouncementSchema, json, 'Twofold announcement');
}

/** The part of an announcement a signed receipt covers. */
export interface ReceiptSummary {
  site: string;
  origin: string;
  receiptId: string;
  signals: string[];
  timestamp: string;
}

/** The part of an announcement a signed receipt covers, in comparable form. */
export function announcementSummary(a: Announcement): ReceiptSummary {
  return { site: a.site, origin: a.origin, receiptId: a.receiptId, signals: a.signals.map((s) => s.id), timestamp: a.receiptTime };
}

/**
 * True when the announcement's `receiptSignature` was made by the site key published as
 * `receiptSigningKey` in its /.well-known/twofold.json and covers exactly this site, origin, receipt
 * and signal set. The signature is the `rc1.` signed-receipt token the server hands out (rights.ts).
 * The caller must still compare `a.origin` with the sender's real origin.
 */
export async function verifyAnnouncementSignature(a: Announcement, receiptSigningKey: JsonWebKey): Promise<boolean> {
  const signature = a.receiptSignature;
  if (!signature) return false;
  const summary = announcementSummary(a);
  if (!signature.startsWith(`${SIGNED_RECEIPT_PREFIX}.`)) return false;
  const claims = await verifySignedReceipt(signature, receiptSigningKey);
  const ids = (list: readonly string[]) => [...new Set(list)].sort().join(',');
  return (
    claims !== undefined &&
    claims.site === a.site &&
    claims.origin === a.origin &&
    claims.receiptId === a.receiptId &&
    ids(claims.signals) === ids(summary.signals)
  );
}
