import { ValidationError } from '../protocol/errors';
import type { Controller } from '../protocol/receipt';
import { CONSENT_METHODS, type ConsentMethod } from '../protocol/vocabulary';
import { aString, anObject, checkFields, type FieldRule, isRecord, issue, oneOf } from './check';
import { LOCALES } from './consent/texts';
import type { Locale } from './signals';

/** What a site passes to `Twofold.init()`. */
export interface InitOptions {
  /** The site's name as its server knows it, e.g. `example.com`. */
  site: string;
  consent: ConsentMethod;
  /**
   * Banner language; default: the page's `<html lang>` (nb/no/nn → nb), else en, read when first
   * needed. A per-language loader (twofold.en.js, twofold.nb.js) accepts only its own locale.
   */
  locale?: Locale;
  controller?: Controller;
  /** The site's HPKE public key, used by `tf.seal()`. */
  publicKey?: string | JsonWebKey;
  /** Jurisdiction recorded in the consent receipt; default `EU`. */
  jurisdiction?: string;
  /** Opt in to the location signal (collected only if the browser permission is already granted). */
  location?: boolean;
}

/** Init options after validation and defaults. */
export type ResolvedOptions = Required<Pick<InitOptions, 'site' | 'consent' | 'locale' | 'jurisdiction' | 'location'>> &
  Pick<InitOptions, 'controller' | 'publicKey'>;

/**
 * The page's declared language (not the browser's: reading navigator before consent is off limits)
 * when this build has its texts; otherwise the build's own (a per-language loader has one).
 */
export function pageLocale(doc: Document | undefined = globalThis.document): Locale {
  const lang = doc?.documentElement?.lang?.toLowerCase() ?? '';
  const declared: Locale = /^(nb|no|nn)\b/.test(lang) ? 'nb' : 'en';
  return LOCALES.includes(declared) ? declared : LOCALES[0]!;
}

/** The init options' rules, in the order issues are listed; a controller as ControllerSchema. */
const OPTION_RULES: readonly FieldRule[] = [
  ['site', aString(253, 1)],
  ['consent', oneOf(CONSENT_METHODS)],
  ['locale', oneOf(LOCALES), true],
  [
    'controller',
    anObject,
    true,
    [
      ['name', aString(200, 1)],
      ['contact', aString(320)],
      ['policyUrl', aString(2048)],
    ],
  ],
  ['publicKey', [(value) => typeof value === 'string' || isRecord(value), 'the base64url key string or a public JWK object'], true],
  ['jurisdiction', aString(32, 1), true],
  ['location', [(value) => typeof value === 'boolean', 'true or false'], true],
];

/** Validates init options (ValidationError listing each wrong field and what it expects) and fills defaults. */
export function resolveOptions(input: unknown): ResolvedOptions {
  const issues = isRecord(input) ? checkFields([], input, OPTION_RULES) : [issue('options', anObject, input)];
  if (issues.length > 0) throw new ValidationError('Twofold.init options', issues.slice(0, 10));
  const o = input as Record<string, unknown> & InitOptions;
  const c = o.controller;
  let locale = o.locale;
  return {
    site: o.site,
    consent: o.consent,
    // The default comes from <html lang>, read only when something needs it (the banner, or the site
    // reading tf.options.locale): manual and TCF modes then read nothing of the page at all.
    get locale() {
      locale ??= pageLocale();
      return locale;
    },
    jurisdiction: o.jurisdiction ?? 'EU',
    location: o.location ?? false,
    // Just the known fields (a copy the page cannot change later).
    controller: c && { name: c.name, contact: c.contact, policyUrl: c.policyUrl },
    publicKey: o.publicKey,
  };
}
