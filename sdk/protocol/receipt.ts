import * as v from 'valibot';
import { PersonalDataClassSchema, SignalCategorySchema } from './signals';
import { CONSENT_METHODS, type ConsentMethod } from './vocabulary';

export { CONSENT_METHODS, type ConsentMethod };

export const ControllerSchema = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  contact: v.pipe(v.string(), v.maxLength(320)),
  policyUrl: v.pipe(v.string(), v.maxLength(2048)),
});
export type Controller = v.InferOutput<typeof ControllerSchema>;

/**
 * A consent receipt, with fields after the Kantara Consent Receipt spec v1.1 and ISO/IEC 27560:
 * who is the controller, which purposes, which exact signals with their personal-data class, how
 * consent was collected, the GPC state, and the history of given/withdrawn events.
 */
export const ConsentReceiptSchema = v.object({
  /** Spec this receipt follows. */
  version: v.literal('twofold-receipt/1'),
  receiptId: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
  /** ISO 8601 time consent was given (the first `given` event). */
  timestamp: v.pipe(v.string(), v.isoTimestamp()),
  /** Jurisdiction of the controller, e.g. `EU`, `NO`. */
  jurisdiction: v.pipe(v.string(), v.maxLength(32)),
  collectionMethod: v.picklist(CONSENT_METHODS),
  site: v.pipe(v.string(), v.maxLength(253)),
  origin: v.pipe(v.string(), v.maxLength(2048)),
  controller: v.optional(ControllerSchema),
  policyUrl: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  purposes: v.array(
    v.object({
      id: v.pipe(v.string(), v.maxLength(64)),
      description: v.pipe(v.string(), v.maxLength(500)),
      legalBasis: v.literal('consent'),
    }),
  ),
  signals: v.array(v.object({ id: v.pipe(v.string(), v.maxLength(64)), category: SignalCategorySchema, personalData: PersonalDataClassSchema })),
  /** Global Privacy Control as the browser reported it: true/false, or null when the browser sends no signal. */
  gpc: v.nullable(v.boolean()),
  /** The IAB TCF consent string when consent came from a CMP. */
  tcString: v.optional(v.pipe(v.string(), v.maxLength(8192))),
  events: v.array(v.object({ state: v.picklist(['given', 'withdrawn']), at: v.pipe(v.string(), v.isoTimestamp()) })),
});
export type ConsentReceipt = v.InferOutput<typeof ConsentReceiptSchema>;
