import type { OtpLexicon } from './types';

/** Norwegian (bokmål and nynorsk), including BankID's wording. */
export const norwegian: OtpLexicon = {
  language: 'nb',
  otp: [
    'engangskode', 'engangspassord', 'bekreftelseskode', 'stadfestingskode', 'verifiseringskode', 'verifikasjonskode',
    'autentiseringskode', 'innloggingskode', 'paloggingskode', 'sms ?kode', 'kode (?:fra|pa|i) (?:sms|appen|autentiseringsappen)',
    'tofaktor', 'to ?faktor', 'totrinns', 'to ?trinns', 'kodebrikke', 'kode(?:n)? (?:vi|som er) (?:har )?sendt',
  ],
  ambiguous: ['sikkerhetskode', 'tryggingskode'],
  code: ['(?<![a-z])kode'],
  sent: ['sendt', '(?<![a-z])sms(?![a-z])', 'tekstmelding', 'vi sender'],
  app: ['authenticator', 'autentiserings ?app', 'autentiseringsprogram', 'kodeapp'],
  channel: ['e ?post', 'innboks', '(?<![a-z])sms(?![a-z])', 'tekstmelding', 'telefon', 'mobil'],
  negative: {
    card: ['kortnummer', 'kortkode', '(?<![a-z])kort(?![a-z])', 'betalingskort', 'utlopsdato', 'kredittkort', 'bankkort'],
    booking: ['bestilling', 'reservasjon', 'referansenummer', 'ordrenummer', 'sporingsnummer'],
    postal: ['postnummer', 'postnr', 'poststed'],
    phone: ['telefon', 'mobilnummer', '(?<![a-z])mobil(?![a-z])', 'mobiltelefon'],
    pin: ['pinkode', 'pin ?kode'],
    promo: ['rabatt', 'kampanje', 'gavekort', 'kupong', 'vervekode', 'invitasjon'],
    captcha: ['tegnene (?:i|pa) bildet', 'bokstavene (?:i|pa) bildet'],
    date: ['fodsels', '(?<![a-z])(?:dag|maned|ar|aaaa)(?![a-z])', 'fodt'],
    search: ['(?<![a-z])sok(?![a-z])', 'soke'],
    identity: ['e ?post', 'brukernavn', 'passord(?! ?kode)', 'personnummer', 'fodselsnummer', 'kontonummer', '(?<![a-z])navn(?![a-z])', 'adresse', 'belop'],
    recovery: ['gjenopprett', 'reservekode'],
  },
};
