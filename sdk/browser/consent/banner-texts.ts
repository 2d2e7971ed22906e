/**
 * The shape of one locale's banner texts. Its own module because texts.ts gathers the locales
 * (texts-<locale>.ts) and each locale is typed by this shape: kept in texts.ts, the two would
 * import each other.
 */
import type { SignalCategory } from '../../protocol/signals';

/** Every banner string of one locale. `{site}` is replaced with the site name. */
export interface BannerTexts {
  title: string;
  intro: string;
  details: string;
  gpc: string;
  controller: string;
  policy: string;
  accept: string;
  decline: string;
  categories: Record<SignalCategory, string>;
  /** Each signal's name, and its purpose where not English (English purposes are the catalogue's `purpose`). */
  signals: Record<string, { name: string; purpose?: string }>;
}
