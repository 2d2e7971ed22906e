import type { OtpLexicon } from './types';

/** Italian. */
export const italian: OtpLexicon = {
  language: 'it',
  otp: [
    'codice (?:di )?(?:verifica|conferma|autenticazione|accesso monouso|convalida)',
    'codice (?:otp|monouso|usa e getta)',
    'password (?:monouso|temporanea|usa e getta)',
    'codice (?:ricevuto|inviato)',
    'codice sms',
    'verifica in due (?:passaggi|fasi)',
    'autenticazione a due fattori',
    'doppia autenticazione',
  ],
  ambiguous: ['codice di sicurezza'],
  code: ['(?<![a-z])codice'],
  sent: ['inviato', 'ricevuto', 'via sms', 'tramite sms', 'abbiamo inviato'],
  app: ['authenticator', '(?:app|applicazione) di autenticazione', 'autenticatore'],
  channel: ['e ?mail', 'posta', '(?<![a-z])sms(?![a-z])', 'telefono', 'cellulare'],
  negative: {
    card: ['carta', 'scadenza'],
    booking: ['prenotazione', 'ordine', 'numero di spedizione', 'biglietto'],
    postal: ['(?<![a-z])cap(?![a-z])', 'codice postale', 'avviamento postale'],
    phone: ['telefono', 'cellulare'],
    pin: ['codice pin'],
    promo: ['sconto', 'promozionale', 'buono', 'coupon', 'invito', 'regalo'],
    captcha: ['caratteri (?:nell|dell) ?immagine'],
    date: ['nascita', '(?<![a-z])(?:giorno|mese|anno|gg|aaaa)(?![a-z])'],
    search: ['cerca', 'ricerca'],
    identity: ['utente', 'cognome', 'indirizzo', 'importo', 'codice fiscale'],
    recovery: ['codice di (?:recupero|backup|emergenza)'],
  },
};
