import * as v from 'valibot';
import { CONSENT_METHODS, ControllerSchema, type ConsentMethod, type Controller } from '../protocol/receipt';
import { parseWith } from '../protocol/validate';
import type { Locale } from './signals';

/** What a site passes to `Twofold.init()`. */
export interface InitOptions {
  /** The site's name as its server knows it, e.g. `example.com`. */
  site: string;
  consent: ConsentMethod;
  /** Banner language; default: the page's `<html lang>` (nb/no/nn → nb), else en. */
  locale?: Locale;
  controller?: Controller;
  /** The site's HPKE public key, used by `tf.seal()` (issue 3). */
  publicKey?: string | JsonWebKey;
  /** Jurisdiction recorded in the consent receipt; default `EU`. */
  jurisdiction?: string;
  /** Opt in to the location signal (collected only if the browser permission is already granted). */
  location?: boolean;
}

/** Init options after validation and defaults. */
export type ResolvedOptions = Required<Pick<InitOptions, 'site' | 'consent' | 'locale' | 'jurisdiction' | 'location'>> & Pick<InitOptions, 'controller' | 'publicKey'>;

const InitOptionsSchema = v.object({
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  consent: v.picklist(CONSENT_METHODS),
  locale: v.optional(v.picklist(['en', 'nb'])),
  controller: v.optional(ControllerSchema),
  publicKey: v.optional(v.union([v.string(), v.looseObject({})])),
  jurisdiction: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(32))),
  location: v.optional(v.boolean()),
});

/** The page's declared language (not the browser's: reading navigator before consent is off limits). */
export function pageLocale(doc: Document | undefined = globalThis.document): Locale {
  const lang = doc?.documentElement?.lang?.toLowerCase() ?? '';
  return /^(nb|no|nn)\b/.test(lang) ? 'nb' : 'en';
}

/** Validates init options (ValidationError listing what is wrong) and fills defaults. */
export function resolveOptions(input: unknown): ResolvedOptions {
  const parsed = parseWith(InitOptionsSchema, input, 'Twofold.init options');
  return {
    site: parsed.site,
    consent: parsed.consent,
    locale: parsed.locale ?? pageLocale(),
    jurisdiction: parsed.jurisdiction ?? 'EU',
    location: parsed.location ?? false,
    controller: parsed.controller,
    publicKey: parsed.publicKey as string | JsonWebKey | undefined,
  };
}
