/**
 * The inline suggestion's texts in English and Norwegian bokmål. Kept apart from the rendering so
 * a language is one object here; placeholders are `{name}` and filled by `format`.
 */
import type { RefusalReason } from './fill-gate';

/** Every text the suggestion shows. */
export interface SuggestionStrings {
  region: string;
  fillCode: string;
  useAnother: string;
  openedWindow: string;
  refused: string;
  reasons: Record<RefusalReason, string>;
  locked: string;
  filled: string;
  failed: string;
  hint: string;
  close: string;
  /** Phishing warning: the page's site resembles `{resembles}`, bound to one of the user's accounts. */
  lookalikeTitle: string;
  lookalike: string;
  /** The field asks for a code sent by e-mail or SMS, which no authenticator account makes. */
  notAuthenticator: string;
}

const en: SuggestionStrings = {
  region: 'Twofold one-time code',
  fillCode: 'Fill code',
  useAnother: 'Use another account…',
  openedWindow: 'Choose the account in the Twofold window that just opened.',
  refused: 'Twofold did not fill: {reason}. Continue in the Twofold window that just opened.',
  reasons: {
    blocked: 'this page interfered with the suggestion',
    'not-armed': 'the suggestion had only just appeared',
    'not-visible': 'the suggestion was not fully visible',
    moved: 'the suggestion moved under the pointer',
    'top-layer': 'something was placed over the suggestion',
    transparent: 'the page made the suggestion transparent',
    styled: 'the page distorted the suggestion',
    occluded: 'something covered the suggestion',
  },
  locked: 'Twofold is locked. Unlock it from the toolbar button to fill codes.',
  filled: 'Code filled',
  failed: 'Could not fill the code: {reason}',
  hint: '↓ to choose · Esc to close',
  close: 'Close',
  lookalikeTitle: 'Warning: possible phishing site',
  lookalike: 'This site is {site}, not {resembles}, but its name looks like it. Twofold offers no code here.',
  notAuthenticator: 'This field asks for a code sent to you by e-mail or text message, not an authenticator code. Twofold offers no code here.',
};

const nb: SuggestionStrings = {
  region: 'Twofold engangskode',
  fillCode: 'Fyll inn kode',
  useAnother: 'Bruk en annen konto…',
  openedWindow: 'Velg kontoen i Twofold-vinduet som nettopp åpnet seg.',
  refused: 'Twofold fylte ikke inn: {reason}. Fortsett i Twofold-vinduet som nettopp åpnet seg.',
  reasons: {
    blocked: 'siden forstyrret forslaget',
    'not-armed': 'forslaget hadde akkurat dukket opp',
    'not-visible': 'forslaget var ikke helt synlig',
    moved: 'forslaget flyttet seg under pekeren',
    'top-layer': 'noe ble lagt over forslaget',
    transparent: 'siden gjorde forslaget gjennomsiktig',
    styled: 'siden forvrengte forslaget',
    occluded: 'noe dekket forslaget',
  },
  locked: 'Twofold er låst. Lås den opp fra knappen i verktøylinjen for å fylle inn koder.',
  filled: 'Koden er fylt inn',
  failed: 'Kunne ikke fylle inn koden: {reason}',
  hint: '↓ for å velge · Esc for å lukke',
  close: 'Lukk',
  lookalikeTitle: 'Advarsel: mulig nettfiskeside',
  lookalike: 'Dette nettstedet er {site}, ikke {resembles}, men navnet ligner. Twofold tilbyr ingen kode her.',
  notAuthenticator: 'Dette feltet ber om en kode du har fått på e-post eller SMS, ikke en autentiseringskode. Twofold tilbyr ingen kode her.',
};

/** The supported languages. */
export type SuggestionLocale = 'en' | 'nb';

/** Picks bokmål for Norwegian preferences (nb, no, nn fall back to bokmål), English otherwise. */
export function pickLocale(languages: readonly string[]): SuggestionLocale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/** The strings for a locale. */
export function stringsFor(locale: SuggestionLocale): SuggestionStrings {
  return locale === 'nb' ? nb : en;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
