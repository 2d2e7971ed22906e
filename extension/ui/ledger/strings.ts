/**
 * The ledger page's strings in English and Norwegian bokmål (one typed table each, so a missing
 * translation fails to compile), and the plain-words names of signal categories and
 * fingerprinting techniques. The language follows the browser, as on the other pages.
 */
import type { SignalCategory } from '../../../sdk/protocol/vocabulary';
import type { FingerprintKind } from '../../content/fp-kinds';
import type { LedgerConsentState, RightsLogEntry, VerificationReason } from '../../ledger-view';
import { fillTemplate, language } from '../i18n';

const en = {
  title: 'Privacy ledger',
  intro:
    'Which sites hold 2FA and device data about you, what, since when and under which consent. Everything here stays in this browser; only your own rights requests are sent to the site.',
  search: 'Search sites',
  filterAll: 'All sites',
  filterAccounts: '2FA accounts',
  filterDevice: 'Device data',
  filterFingerprinting: 'Fingerprinting without consent',
  exportJson: 'Export ledger (JSON)',
  exportCsv: 'Export ledger (CSV)',
  empty: 'Nothing recorded yet.',
  noMatches: 'No site matches.',
  vaultLocked: 'Unlock the vault in the popup to see which sites hold your 2FA accounts.',
  holder: 'Who holds it',
  claims: 'Claims to be {name} (not confirmed by the site)',
  processors: 'Processors',
  what: 'What it holds',
  signals: 'Signals ({n})',
  firstSeen: 'First seen',
  lastSeen: 'Last seen',
  consent: 'Consent',
  receipt: 'Receipt',
  verified: 'Verified',
  unverified: 'Unverified',
  accountsHeld: '2FA account: the site holds your shared secret, and usually your phone number or email.',
  fingerprinting: 'Fingerprinting seen',
  exportData: 'Export my data',
  eraseData: 'Erase my data',
  withdraw: 'Withdraw consent',
  forget: 'Forget this site',
  notMe: 'This wasn’t me',
  confirmErase: 'Ask {site} to erase everything it holds about this device?',
  confirmWithdraw: 'Withdraw your consent for {site}? Its data about this device is erased and the site is told on your next visit.',
  confirmForget: 'Remove {site} from this ledger? This only deletes the local record; the site keeps its data.',
  requests: 'Your requests',
  logins: 'Logins the site recorded',
  serverExport: 'What the site sent',
  download: 'Download',
  working: 'Working…',
  forgotten: 'Removed from the ledger.',
  noRightsToken: 'no rights token held',
  firstParty: 'first party',
  thirdParty: 'third party',
  insideOf: 'inside {site}',
  confirmEraseButton: 'Erase',
  confirmWithdrawButton: 'Withdraw consent',
  confirmForgetButton: 'Remove',
  cancel: 'Cancel',
  erasedBadge: 'Data erased',
  erasedNote: 'Erased on {date}. The site confirmed: {summary}',
  erasedHolds: 'Nothing from this device since {date}. It collects again only if you sign in there with consent.',
  heldBefore: 'Held before the erase ({n})',
  rawJson: 'Raw JSON',
  yes: 'yes',
  no: 'no',
  more: '… and {n} more',
} as const;

type Strings = { readonly [K in keyof typeof en]: string };

const nb: Strings = {
  title: 'Personvernlogg',
  intro:
    'Hvilke nettsteder som har 2FA- og enhetsdata om deg, hva, siden når og med hvilket samtykke. Alt her blir i denne nettleseren; bare dine egne forespørsler om rettigheter sendes til nettstedet.',
  search: 'Søk i nettsteder',
  filterAll: 'Alle nettsteder',
  filterAccounts: '2FA-kontoer',
  filterDevice: 'Enhetsdata',
  filterFingerprinting: 'Fingeravtrykk uten samtykke',
  exportJson: 'Eksporter loggen (JSON)',
  exportCsv: 'Eksporter loggen (CSV)',
  empty: 'Ingenting registrert ennå.',
  noMatches: 'Ingen nettsteder passer.',
  vaultLocked: 'Lås opp hvelvet i sprettoppvinduet for å se hvilke nettsteder som har 2FA-kontoene dine.',
  holder: 'Hvem har dataene',
  claims: 'Utgir seg for å være {name} (ikke bekreftet av nettstedet)',
  processors: 'Databehandlere',
  what: 'Hva de har',
  signals: 'Signaler ({n})',
  firstSeen: 'Først sett',
  lastSeen: 'Sist sett',
  consent: 'Samtykke',
  receipt: 'Kvittering',
  verified: 'Bekreftet',
  unverified: 'Ikke bekreftet',
  accountsHeld: '2FA-konto: nettstedet har den delte hemmeligheten din, og som regel telefonnummeret eller e-posten din.',
  fingerprinting: 'Fingeravtrykk observert',
  exportData: 'Eksporter dataene mine',
  eraseData: 'Slett dataene mine',
  withdraw: 'Trekk tilbake samtykke',
  forget: 'Glem dette nettstedet',
  notMe: 'Dette var ikke meg',
  confirmErase: 'Be {site} slette alt den har om denne enheten?',
  confirmWithdraw: 'Trekke tilbake samtykket for {site}? Dataene om denne enheten slettes, og nettstedet får beskjed neste gang du besøker det.',
  confirmForget: 'Fjerne {site} fra loggen? Dette sletter bare den lokale oppføringen; nettstedet beholder dataene sine.',
  requests: 'Dine forespørsler',
  logins: 'Pålogginger nettstedet har registrert',
  serverExport: 'Det nettstedet sendte',
  download: 'Last ned',
  working: 'Jobber …',
  forgotten: 'Fjernet fra loggen.',
  noRightsToken: 'ingen rettighetsnøkkel lagret',
  firstParty: 'førstepart',
  thirdParty: 'tredjepart',
  insideOf: 'inne i {site}',
  confirmEraseButton: 'Slett',
  confirmWithdrawButton: 'Trekk tilbake samtykke',
  confirmForgetButton: 'Fjern',
  cancel: 'Avbryt',
  erasedBadge: 'Data slettet',
  erasedNote: 'Slettet {date}. Nettstedet bekreftet: {summary}',
  erasedHolds: 'Ingenting fra denne enheten siden {date}. Det samles bare inn igjen hvis du logger inn der med samtykke.',
  heldBefore: 'Hadde før slettingen ({n})',
  rawJson: 'Rå JSON',
  yes: 'ja',
  no: 'nei',
  more: '… og {n} til',
};

const categoriesEn: Record<SignalCategory, string> = {
  browser: 'Browser details (type, version, settings)',
  device: 'Device details (screen, hardware, a device id)',
  locale: 'Language and region',
  time: 'Time zone and clock',
  location: 'Approximate location',
  fingerprint: 'A browser fingerprint (an identifier that recognises this browser)',
  automation: 'Signs of automated browsing',
};
const categoriesNb: Record<SignalCategory, string> = {
  browser: 'Nettleserdetaljer (type, versjon, innstillinger)',
  device: 'Enhetsdetaljer (skjerm, maskinvare, en enhets-ID)',
  locale: 'Språk og region',
  time: 'Tidssone og klokke',
  location: 'Omtrentlig posisjon',
  fingerprint: 'Et nettleserfingeravtrykk (en identifikator som kjenner igjen denne nettleseren)',
  automation: 'Tegn på automatisert surfing',
};
const kindsEn: Record<FingerprintKind, string> = {
  'canvas-readback': 'read back drawn canvas pixels',
  'webgl-renderer': 'asked for the graphics card model',
  'audio-render': 'rendered hidden audio',
  'font-probe': 'probed many fonts',
};
const kindsNb: Record<FingerprintKind, string> = {
  'canvas-readback': 'leste tilbake tegnede canvas-piksler',
  'webgl-renderer': 'spurte etter grafikkortmodellen',
  'audio-render': 'gjengav skjult lyd',
  'font-probe': 'prøvde mange skrifttyper',
};
const actionsEn: Record<RightsLogEntry['action'], string> = {
  access: 'access',
  erase: 'erase',
  object: 'object',
  rectify: 'not me',
  withdraw: 'withdraw',
  'token-refused': 'new rights token refused (not signed by the site)',
};
const actionsNb: Record<RightsLogEntry['action'], string> = {
  access: 'innsyn',
  erase: 'sletting',
  object: 'protest',
  rectify: 'ikke meg',
  withdraw: 'tilbaketrekking',
  'token-refused': 'ny rettighetsnøkkel avvist (ikke signert av nettstedet)',
};
const consentEn: Record<LedgerConsentState, string> = {
  granted: 'given',
  withdrawn: 'withdrawn',
  'withdraw-pending': 'withdrawn here; the site is told on your next visit',
};
const consentNb: Record<LedgerConsentState, string> = {
  granted: 'gitt',
  withdrawn: 'trukket tilbake',
  'withdraw-pending': 'trukket tilbake her; nettstedet får beskjed ved neste besøk',
};
const reasonsEn: Record<VerificationReason, string> = {
  verified: 'the receipt is signed with the key the site publishes',
  'no-signature': 'the site gave no signed receipt',
  'insecure-origin': 'the site is not on https',
  'well-known-unreachable': 'the site’s /.well-known/twofold.json could not be fetched',
  'well-known-invalid': 'the site’s /.well-known/twofold.json is not valid',
  'site-mismatch': 'the page claimed a site name the origin does not publish',
  'origin-mismatch': 'the signed receipt belongs to another origin',
  'bad-signature': 'the receipt signature does not verify',
};
const reasonsNb: Record<VerificationReason, string> = {
  verified: 'kvitteringen er signert med nøkkelen nettstedet publiserer',
  'no-signature': 'nettstedet ga ingen signert kvittering',
  'insecure-origin': 'nettstedet bruker ikke https',
  'well-known-unreachable': 'nettstedets /.well-known/twofold.json kunne ikke hentes',
  'well-known-invalid': 'nettstedets /.well-known/twofold.json er ugyldig',
  'site-mismatch': 'siden oppga et nettstedsnavn opprinnelsen ikke publiserer',
  'origin-mismatch': 'den signerte kvitteringen tilhører en annen opprinnelse',
  'bad-signature': 'kvitteringssignaturen stemmer ikke',
};

const nbActive = language === 'nb';
const table: Strings = nbActive ? nb : en;

/** A ledger string key. */
export type LedgerStringKey = keyof typeof en;

/** Translates a ledger string: `lt('signals', { n: 3 })`. */
export function lt(key: LedgerStringKey, vars?: Record<string, string | number>): string {
  return fillTemplate(table[key], vars);
}
/** A signal category in plain words. */
export const categoryWords = (c: SignalCategory | undefined): string => (c ? (nbActive ? categoriesNb : categoriesEn)[c] : nbActive ? 'Annet' : 'Other');
/** A fingerprinting technique in plain words. */
export const kindWords = (k: FingerprintKind): string => (nbActive ? kindsNb : kindsEn)[k];
/** A consent state in plain words. */
export const consentWords = (s: LedgerConsentState): string => (nbActive ? consentNb : consentEn)[s];
/** Why an entry is (un)verified, in plain words. */
export const reasonWords = (r: VerificationReason): string => (nbActive ? reasonsNb : reasonsEn)[r];
/** A request-log action in plain words; `token-refused` is the one the page caused, not the user. */
export const actionWords = (a: RightsLogEntry['action']): string => (nbActive ? actionsNb : actionsEn)[a];
/** A date and time in the page language. */
export const when = (ms: number | string): string => new Date(ms).toLocaleString(nbActive ? 'nb-NO' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
