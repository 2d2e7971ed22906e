/**
 * One language's words for one-time-code fields and for the look-alike fields that must never be
 * filled. Entries are regular-expression sources matched against text normalised by `normalize()`
 * (lower case, no diacritics, ø→o, æ→ae, ß→ss, camelCase and `_-.[]` split into spaces), so write
 * "verificacion", not "verificación".
 */
export interface OtpLexicon {
  /** BCP 47 tag, for reports only. */
  readonly language: string;
  /** Phrases that by themselves name a one-time code ("verification code", "engangskode"). */
  readonly otp: readonly string[];
  /**
   * Phrases that name an OTP unless a payment card, bank account or booking is in sight ("security
   * code" is also the CVC, "confirmation code" also an airline booking reference).
   */
  readonly ambiguous: readonly string[];
  /** Bare words for "code" that only support other evidence. */
  readonly code: readonly string[];
  /** Words saying a code was sent to the user: they turn "PIN" into a one-time code. */
  readonly sent: readonly string[];
  /** Names of an authenticator app ("authenticator app", "autentiseringsappen"): the code comes from the vault's kind of account. */
  readonly app: readonly string[];
  /** Where a sent code arrives (e-mail, inbox, SMS, phone): with `sent`, a code no authenticator makes. */
  readonly channel: readonly string[];
  /** Look-alike fields, by kind. A field named by one of these is never an OTP field. */
  readonly negative: Readonly<Partial<Record<NegativeKind, readonly string[]>>>;
}

/** Kinds of fields that look like code fields but are not. */
export type NegativeKind = 'card' | 'booking' | 'postal' | 'phone' | 'pin' | 'promo' | 'captcha' | 'date' | 'search' | 'identity' | 'recovery';

/** Every negative kind, in the order reports list them. */
export const NEGATIVE_KINDS: readonly NegativeKind[] = [
  'card',
  'booking',
  'postal',
  'phone',
  'pin',
  'promo',
  'captcha',
  'date',
  'search',
  'identity',
  'recovery',
];
