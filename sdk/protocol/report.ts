import * as v from 'valibot';
import { ConsentReceiptSchema } from './receipt';
import { SignalMetaSchema, SignalResultSchema } from './signals';

/** What `tf.collect()` returns and what is sealed to the site's server. */
export const SignalReportSchema = v.object({
  version: v.literal(1),
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  origin: v.pipe(v.string(), v.maxLength(2048)),
  collectedAt: v.pipe(v.string(), v.isoTimestamp()),
  receipt: ConsentReceiptSchema,
  signals: v.record(v.pipe(v.string(), v.maxLength(64)), SignalResultSchema),
});
export type SignalReport = v.InferOutput<typeof SignalReportSchema>;

/** What `tf.inspect()` returns: the report plus, per signal, what it is and why it is collected. */
export const InspectReportSchema = v.object({
  ...SignalReportSchema.entries,
  meta: v.record(v.string(), SignalMetaSchema),
});
export type InspectReport = v.InferOutput<typeof InspectReportSchema>;
