import * as v from 'valibot';
import { PERSONAL_DATA_CLASSES, SIGNAL_CATEGORIES, type PersonalDataClass, type SignalCategory } from './vocabulary';

export { PERSONAL_DATA_CLASSES, SIGNAL_CATEGORIES, type PersonalDataClass, type SignalCategory };

/** What every signal declares about itself; the registry is the single list of these. */
export interface SignalMeta {
  /** Stable id, kebab-case (e.g. `user-agent`, `visitor-id`). */
  id: string;
  category: SignalCategory;
  /** Why it is collected, one sentence in plain English (locale texts live with the banner). */
  purpose: string;
  personalData: PersonalDataClass;
}

export const SignalCategorySchema = v.picklist(SIGNAL_CATEGORIES);
export const PersonalDataClassSchema = v.picklist(PERSONAL_DATA_CLASSES);

export const SignalMetaSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a kebab-case signal id')),
  category: SignalCategorySchema,
  purpose: v.pipe(v.string(), v.maxLength(500)),
  personalData: PersonalDataClassSchema,
});

/** One signal's outcome in a report: a value, or an error (a failing signal is data, not a throw). */
export const SignalResultSchema = v.object({
  value: v.optional(v.unknown()),
  error: v.optional(v.pipe(v.string(), v.maxLength(500))),
  durationMs: v.pipe(v.number(), v.minValue(0)),
});
export type SignalResult = v.InferOutput<typeof SignalResultSchema>;
