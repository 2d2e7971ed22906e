/**
 * The inline suggestion's texts in English and Norwegian bokmål. Kept apart from the rendering so
 * a language is one object here; placeholders are `{name}` and filled by `format`.
 */

/** Every text the suggestion shows. */
export interface SuggestionStrings {
  region: string;
  fillCode: string;
  useAnother: string;
  pickTitle: string;
  confirmTitle: string;
  confirmBody: string;
  confirm: string;
  cancel: string;
  locked: string;
  noAccounts: string;
  filled: string;
  failed: string;
  hint: string;
  close: string;
}

const en: SuggestionStrings = {
  region: 'Twofold one-time code',
  fillCode: 'Fill code',
  useAnother: 'Use another account…',
  pickTitle: 'Choose the account to use on {site}',
  confirmTitle: 'Use {account} on {site}?',
  confirmBody:
    'Twofold will remember this and offer the account here from now on. Only continue if {site} really belongs to {issuer}: phishing sites use lookalike addresses.',
  confirm: 'Remember and fill',
  cancel: 'Cancel',
  locked: 'Twofold is locked. Unlock it from the toolbar button to fill codes.',
  noAccounts: 'Twofold has no accounts to offer yet.',
  filled: 'Code filled',
  failed: 'Could not fill the code: {reason}',
  hint: '↓ to choose · Esc to close',
  close: 'Close',
};

const nb: SuggestionStrings = {
  region: 'Twofold engangskode',
  fillCode: 'Fyll inn kode',
  useAnother: 'Bruk en annen konto…',
  pickTitle: 'Velg kontoen som skal brukes på {site}',
  confirmTitle: 'Bruke {account} på {site}?',
  confirmBody:
    'Twofold husker dette og tilbyr kontoen her fra nå av. Fortsett bare hvis {site} virkelig tilhører {issuer}: nettfiskesider bruker adresser som ligner på ekte.',
  confirm: 'Husk og fyll inn',
  cancel: 'Avbryt',
  locked: 'Twofold er låst. Lås den opp fra knappen i verktøylinjen for å fylle inn koder.',
  noAccounts: 'Twofold har ingen kontoer å tilby ennå.',
  filled: 'Koden er fylt inn',
  failed: 'Kunne ikke fylle inn koden: {reason}',
  hint: '↓ for å velge · Esc for å lukke',
  close: 'Lukk',
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
