/**
 * The words of a rights request's outcome (the facts the background records as `RightsWords`), in
 * English and Norwegian. The background stores the English text as the entry's `summary` (exports,
 * older pages); the ledger page says the facts in its own language. Pure, no DOM.
 */
import type { RightsWords } from './ledger-view';

type Templates = { readonly [K in RightsWords['kind']]: (w: Extract<RightsWords, { kind: K }>) => string };

const en: Templates = {
  exported: (w) => `Export received: ${w.logins} logins, ${w.collections} collections.`,
  rectified: (w) => `Login ${w.loginId} marked as not you.`,
  'already-gone': (w) => `Login ${w.loginId} was already gone.`,
  erased: (w) => `${w.erased} rows erased, ${w.remaining} left${w.objected ? '; processing stopped' : ''}. Confirmation ${w.confirmationId}.`,
  'unexpected-shape': () => 'The site answered with an unexpected shape.',
  'not-json': () => 'The site answered with something that is not JSON.',
  insecure: () => 'The site publishes a rights endpoint without https; the request was not sent.',
  'no-answer': () => 'The site did not answer; try again later.',
  refused: (w) => `The site refused the request (HTTP ${w.status}).`,
  'no-token': () => 'No rights token held, so nothing could be erased now; the site will be told on your next visit.',
};

const nb: Templates = {
  exported: (w) => `Eksport mottatt: ${w.logins} innlogginger, ${w.collections} innsamlinger.`,
  rectified: (w) => `Innlogging ${w.loginId} er merket som ikke deg.`,
  'already-gone': (w) => `Innlogging ${w.loginId} var allerede borte.`,
  erased: (w) => `${w.erased} rader slettet, ${w.remaining} igjen${w.objected ? '; behandlingen er stanset' : ''}. Bekreftelse ${w.confirmationId}.`,
  'unexpected-shape': () => 'Nettstedet svarte med en uventet form.',
  'not-json': () => 'Nettstedet svarte med noe som ikke er JSON.',
  insecure: () => 'Nettstedet publiserer et rettighetsendepunkt uten https; forespørselen ble ikke sendt.',
  'no-answer': () => 'Nettstedet svarte ikke; prøv igjen senere.',
  refused: (w) => `Nettstedet avviste forespørselen (HTTP ${w.status}).`,
  'no-token': () => 'Ingen rettighetsnøkkel er lagret, så ingenting kunne slettes nå; nettstedet får beskjed ved neste besøk.',
};

/** The words of `kind` in `table`; one call site, so the union stays exhaustive without casts at each use. */
function say(table: Templates, words: RightsWords): string {
  const template = table[words.kind] as (w: RightsWords) => string;
  return template(words);
}

/** Whether `kind` is one this version can word (a stored entry may come from a newer one). */
export const isKnownRightsKind = (kind: string): boolean => Object.hasOwn(en, kind);

/** The outcome in `lang`. */
export const sayRights = (words: RightsWords, lang: 'en' | 'nb'): string => say(lang === 'nb' ? nb : en, words);
