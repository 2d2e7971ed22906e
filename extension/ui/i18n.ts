/**
 * UI strings in English and Norwegian bokmål. The language follows the browser (nb, no and nn get
 * bokmål). Kept as one typed table so a missing translation fails to compile.
 */
const en = {
  appName: 'Twofold',
  loading: 'Loading…',
  createTitle: 'Create your vault',
  createHelp: 'Choose a passphrase. It encrypts your accounts on this device and cannot be recovered if you forget it.',
  passphrase: 'Passphrase',
  repeatPassphrase: 'Repeat passphrase',
  passphraseMismatch: 'The two passphrases are not the same.',
  create: 'Create vault',
  unlockTitle: 'Vault locked',
  unlock: 'Unlock',
  lock: 'Lock',
  search: 'Search accounts',
  noAccounts: 'No accounts yet. Add one below or import a file in Settings.',
  noMatches: 'No account matches your search.',
  sortBy: 'Order',
  sortManual: 'My order',
  sortName: 'Name',
  sortMostUsed: 'Most used',
  sortRecent: 'Recently used',
  allTags: 'All',
  filterByTag: 'Filter by tag',
  pin: 'Pin to top',
  unpin: 'Unpin',
  moveUp: 'Move up',
  moveDown: 'Move down',
  rowMenu: 'Pin or move',
  backupNever: 'Your accounts are not backed up: if this browser or extension is removed, they are lost.',
  backupStale: 'Your last backup is {n} days old.',
  backupNow: 'Back up now',
  tags: 'Tags (comma-separated)',
  showQr: 'Show as QR code…',
  qrHelp: "To move this account to a phone: type your vault passphrase, then scan the code with the phone's authenticator app.",
  qrWarning: "Anyone who sees or photographs this QR code can make this account's codes. Hide it when you are done.",
  qrShow: 'Show QR code',
  qrHide: 'Hide QR code',
  qrLabel: 'QR code for {name}',
  copy: 'Copy code',
  copied: 'Copied — the clipboard is cleared in 30 s',
  addUri: 'Add from otpauth:// URI',
  uriPlaceholder: 'otpauth://totp/Example:alice?secret=…',
  add: 'Add',
  scanQr: 'Scan QR code in this tab',
  settings: 'Settings',
  openLedger: 'Privacy ledger',
  bindHere: 'Use on this site…',
  nextCode: 'Next code',
  corrupted: '{n} damaged record(s) could not be read; the other accounts work.',
  secondsLeft: '{n} s left',
  optionsTitle: 'Twofold settings',
  autoLock: 'Lock automatically after idle (minutes)',
  save: 'Save',
  saved: 'Saved.',
  accounts: 'Accounts',
  issuer: 'Issuer',
  label: 'Account name',
  icon: 'Icon letter',
  sites: 'Bound sites (one domain per line)',
  delete: 'Delete',
  confirmDelete: 'Delete this account? Its codes cannot be recovered unless you have a backup.',
  addManual: 'Add manually',
  secret: 'Secret key (base32)',
  type: 'Type',
  algorithm: 'Algorithm',
  digits: 'Digits',
  period: 'Period (seconds)',
  counter: 'Counter',
  importTitle: 'Import',
  importHelp: 'Google Authenticator, Aegis, 2FAS, andOTP, Bitwarden, FreeOTP+, Twofold backup or a list of otpauth:// URIs.',
  file: 'File',
  filePassword: 'File password (if encrypted)',
  import: 'Import',
  imported: 'Imported {n} account(s).',
  skipped: 'Skipped:',
  exportTitle: 'Export',
  exportBackup: 'Download encrypted backup',
  backupPassword: 'Backup password',
  exportUris: 'Download plain otpauth:// list',
  exportWarning: 'I understand this file is NOT encrypted: anyone who gets it can generate my codes.',
  exported: 'Exported {file}.',
  exportPassphrase: 'Your vault passphrase (asked again for every export)',
  changePassphrase: 'Change passphrase',
  currentPassphrase: 'Current passphrase',
  newPassphrase: 'New passphrase',
  passphraseChanged: 'Passphrase changed (PBKDF2-SHA256, {n} iterations).',
} as const;

type Strings = { readonly [K in keyof typeof en]: string };

const nb: Strings = {
  appName: 'Twofold',
  loading: 'Laster …',
  createTitle: 'Opprett hvelvet ditt',
  createHelp: 'Velg en passordfrase. Den krypterer kontoene dine på denne enheten og kan ikke gjenopprettes hvis du glemmer den.',
  passphrase: 'Passordfrase',
  repeatPassphrase: 'Gjenta passordfrasen',
  passphraseMismatch: 'De to passordfrasene er ikke like.',
  create: 'Opprett hvelv',
  unlockTitle: 'Hvelvet er låst',
  unlock: 'Lås opp',
  lock: 'Lås',
  search: 'Søk i kontoer',
  noAccounts: 'Ingen kontoer ennå. Legg til en nedenfor eller importer en fil under Innstillinger.',
  noMatches: 'Ingen konto passer søket.',
  sortBy: 'Rekkefølge',
  sortManual: 'Min rekkefølge',
  sortName: 'Navn',
  sortMostUsed: 'Mest brukt',
  sortRecent: 'Sist brukt',
  allTags: 'Alle',
  filterByTag: 'Filtrer på etikett',
  pin: 'Fest øverst',
  unpin: 'Løsne',
  moveUp: 'Flytt opp',
  moveDown: 'Flytt ned',
  rowMenu: 'Fest eller flytt',
  backupNever: 'Kontoene dine er ikke sikkerhetskopiert: fjernes denne nettleseren eller utvidelsen, er de tapt.',
  backupStale: 'Siste sikkerhetskopi er {n} dager gammel.',
  backupNow: 'Ta sikkerhetskopi nå',
  tags: 'Etiketter (skilt med komma)',
  showQr: 'Vis som QR-kode…',
  qrHelp: 'For å flytte kontoen til en telefon: skriv passordfrasen til hvelvet, og skann koden med autentiseringsappen på telefonen.',
  qrWarning: 'Alle som ser eller tar bilde av denne QR-koden, kan lage kodene til kontoen. Skjul den når du er ferdig.',
  qrShow: 'Vis QR-kode',
  qrHide: 'Skjul QR-kode',
  qrLabel: 'QR-kode for {name}',
  copy: 'Kopier kode',
  copied: 'Kopiert – utklippstavlen tømmes om 30 s',
  addUri: 'Legg til fra otpauth://-URI',
  uriPlaceholder: 'otpauth://totp/Eksempel:kari?secret=…',
  add: 'Legg til',
  scanQr: 'Skann QR-kode i denne fanen',
  settings: 'Innstillinger',
  openLedger: 'Personvernlogg',
  bindHere: 'Bruk på dette nettstedet…',
  nextCode: 'Neste kode',
  corrupted: '{n} skadd(e) oppføring(er) kunne ikke leses; de andre kontoene virker.',
  secondsLeft: '{n} s igjen',
  optionsTitle: 'Twofold-innstillinger',
  autoLock: 'Lås automatisk etter inaktivitet (minutter)',
  save: 'Lagre',
  saved: 'Lagret.',
  accounts: 'Kontoer',
  issuer: 'Utsteder',
  label: 'Kontonavn',
  icon: 'Ikonbokstav',
  sites: 'Knyttede nettsteder (ett domene per linje)',
  delete: 'Slett',
  confirmDelete: 'Slette denne kontoen? Kodene kan ikke gjenopprettes uten sikkerhetskopi.',
  addManual: 'Legg til manuelt',
  secret: 'Hemmelig nøkkel (base32)',
  type: 'Type',
  algorithm: 'Algoritme',
  digits: 'Sifre',
  period: 'Periode (sekunder)',
  counter: 'Teller',
  importTitle: 'Importer',
  importHelp: 'Google Authenticator, Aegis, 2FAS, andOTP, Bitwarden, FreeOTP+, Twofold-sikkerhetskopi eller en liste med otpauth://-URI-er.',
  file: 'Fil',
  filePassword: 'Filpassord (hvis kryptert)',
  import: 'Importer',
  imported: 'Importerte {n} konto(er).',
  skipped: 'Hoppet over:',
  exportTitle: 'Eksporter',
  exportBackup: 'Last ned kryptert sikkerhetskopi',
  backupPassword: 'Passord for sikkerhetskopien',
  exportUris: 'Last ned ukryptert otpauth://-liste',
  exportWarning: 'Jeg forstår at denne filen IKKE er kryptert: alle som får tak i den, kan lage kodene mine.',
  exported: 'Eksporterte {file}.',
  exportPassphrase: 'Passordfrasen til hvelvet (spørres på nytt ved hver eksport)',
  changePassphrase: 'Endre passordfrase',
  currentPassphrase: 'Nåværende passordfrase',
  newPassphrase: 'Ny passordfrase',
  passphraseChanged: 'Passordfrasen er endret (PBKDF2-SHA256, {n} iterasjoner).',
};

/** A UI string key. */
export type StringKey = keyof typeof en;
/** Supported UI languages. */
export type Language = 'en' | 'nb';

/** The UI language for a BCP 47 tag list (bokmål for nb/no/nn, else English). */
export function pickLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/** Fills `{name}` placeholders from `vars`; an unknown name stays visible as `{name}`. */
export function fillTemplate(text: string, vars?: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/** A translator for `language`: `t('imported', { n: 3 })`. */
export function translator(language: Language): (key: StringKey, vars?: Record<string, string | number>) => string {
  const table: Strings = language === 'nb' ? nb : en;
  return (key, vars) => fillTemplate(table[key], vars);
}

/** The UI language chosen from the browser's languages. */
export const language: Language = pickLanguage(typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));

/** The translator for `language`. */
export const t = translator(language);

// Screen readers and hyphenation follow the page language.
if (typeof document !== 'undefined') document.documentElement.lang = language;
