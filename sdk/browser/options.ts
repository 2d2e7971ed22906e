import { ValidationError } from '../protocol/errors';
import type { Controller } from '../protocol/receipt';
import { CONSENT_METHODS, type ConsentMethod } from '../protocol/vocabulary';
import { checkOneOf, checkRecord, checkString, expectThat, isRecord, type Issues } from './check';
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

/** Checks a controller `{ name, contact, policyUrl }` (as ControllerSchema); returns just those fields, or undefined. */
export function checkController(issues: Issues, path: string, value: unknown): Controller | undefined {
  if (!checkRecord(issues, path, value)) return undefined;
  const before = issues.length;
  checkString(issues, `${path}.name`, value.name, 200, 1);
  checkString(issues, `${path}.contact`, value.contact, 320);
  checkString(issues, `${path}.policyUrl`, value.policyUrl, 2048);
  return issues.length === before ? { name: value.name as string, contact: value.contact as string, policyUrl: value.policyUrl as string } : undefined;
}

/** Validates init options (ValidationError listing each wrong field and what it expects) and fills defaults. */
export function resolveOptions(input: unknown): ResolvedOptions {
  const issues: Issues = [];
  const fail = () => new ValidationError('Twofold.init options', issues.slice(0, 10));
  if (!checkRecord(issues, 'options', input)) throw fail();
  const o = input;
  checkString(issues, 'site', o.site, 253, 1);
  checkOneOf(issues, 'consent', o.consent, CONSENT_METHODS);
  if (o.locale !== undefined) checkOneOf(issues, 'locale', o.locale, LOCALES);
  const controller = o.controller === undefined ? undefined : checkController(issues, 'controller', o.controller);
  if (o.publicKey !== undefined)
    expectThat(issues, 'publicKey', typeof o.publicKey === 'string' || isRecord(o.publicKey), 'the base64url key string or a public JWK object', o.publicKey);
  if (o.jurisdiction !== undefined) checkString(issues, 'jurisdiction', o.jurisdiction, 32, 1);
  if (o.location !== undefined) expectThat(issues, 'location', typeof o.location === 'boolean', 'true or false', o.location);
  if (issues.length > 0) throw fail();
  let locale = o.locale as Locale | undefined;
  const resolved = {
    site: o.site as string,
    consent: o.consent as ConsentMethod,
    locale: 'en' as Locale, // replaced by the getter below
    jurisdiction: (o.jurisdiction as string | undefined) ?? 'EU',
    location: (o.location as boolean | undefined) ?? false,
    controller,
    publicKey: o.publicKey as string | JsonWebKey | undefined,
  };
  // The default comes from <html lang>, read only when something needs it (the banner, or the site
  // reading tf.options.locale): manual and TCF modes then read nothing of the page at all.
  Object.defineProperty(resolved, 'locale', { enumerable: true, get: () => (locale ??= pageLocale()) });
  return resolved;
}
