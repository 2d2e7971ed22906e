/**
 * The fixed word lists of the protocol, with no schema library attached: the browser SDK imports
 * these (and types) only, so valibot stays out of the page bundle. The schemas in signals.ts and
 * receipt.ts are built from the same lists and re-export them.
 */

/** The fixed signal categories; the banner, inspector and ledger group signals by these. */
export const SIGNAL_CATEGORIES = ['browser', 'device', 'locale', 'time', 'location', 'fingerprint', 'automation'] as const;
export type SignalCategory = (typeof SIGNAL_CATEGORIES)[number];

/**
 * Personal-data class of a signal, from least to most identifying:
 * - `technical`: a broad browser/device characteristic shared by many people (e.g. screen size).
 * - `quasi-identifier`: narrows who someone is when combined with others (e.g. time zone, languages).
 * - `online-identifier`: a pseudonymous identifier of this browser/device (visitor id, device id).
 * - `location`: where the person is.
 */
export const PERSONAL_DATA_CLASSES = ['technical', 'quasi-identifier', 'online-identifier', 'location'] as const;
export type PersonalDataClass = (typeof PERSONAL_DATA_CLASSES)[number];

/** How consent was obtained. */
export const CONSENT_METHODS = ['banner', 'tcf', 'manual'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
