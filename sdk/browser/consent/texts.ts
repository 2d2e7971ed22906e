import type { Locale } from '../signals/types';
import type { BannerTexts } from './banner-texts';
import { en } from './texts-en';
import { nb } from './texts-nb';

export type { BannerTexts } from './banner-texts';

/**
 * Set by the build: the one locale of a per-language loader (twofold.en.js, twofold.nb.js), or
 * undefined in the all-languages loader (twofold.js). The texts are in the loader itself (nothing
 * is fetched before consent), so a site that knows its language saves the other locales' bytes.
 */
declare const __TWOFOLD_LOCALE__: Locale | undefined;

/** The banner texts this build carries: every locale, or just the one of a per-language loader. */
export const BANNER_TEXTS: Partial<Record<Locale, BannerTexts>> =
  typeof __TWOFOLD_LOCALE__ === 'undefined' ? { en, nb } : __TWOFOLD_LOCALE__ === 'en' ? { en } : { nb };

/** The locales this build can show, the all-languages default first (`en`). */
export const LOCALES = Object.keys(BANNER_TEXTS) as Locale[];
