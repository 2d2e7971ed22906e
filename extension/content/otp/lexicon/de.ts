import type { OtpLexicon } from './types';

/** German, including the banks' TAN vocabulary. */
export const german: OtpLexicon = {
  language: 'de',
  otp: [
    'bestatigungs ?code', 'verifizierungs ?code', 'verifikations ?code', 'einmal ?(?:code|passwort|kennwort|pin)',
    'authentifizierungs ?code', 'authentisierungs ?code', 'anmelde ?code', 'login ?code', 'sicherheits ?token',
    '(?<![a-z])(?:m|sms|push|chip|photo|app|i)?tan(?![a-z])', 'tan ?(?:nummer|code)', 'zwei ?faktor', '2 ?faktor', 'zweistufig', 'zwei ?schritt',
    'code (?:wurde )?(?:per sms )?(?:gesendet|geschickt)', 'code aus (?:der|ihrer) (?:app|sms)',
  ],
  ambiguous: ['sicherheits ?code'],
  code: ['(?<![a-z])code'],
  sent: ['gesendet', 'geschickt', 'zugesandt', 'per sms', 'senden ihnen'],
  app: ['authenticator', 'authentifizierungs ?app', 'authentisierungs ?app', 'authentifikator'],
  channel: ['e ?mail', 'posteingang', '(?<![a-z])sms(?![a-z])', 'handy', 'telefon', 'mobilnummer'],
  negative: {
    card: ['karte', 'kartenprufnummer', 'prufnummer', 'ablaufdatum', 'gultig bis', 'kreditkarte'],
    booking: ['buchung', 'reservierung', 'bestellnummer', 'sendungsnummer', 'auftragsnummer'],
    postal: ['(?<![a-z])plz(?![a-z])', 'postleitzahl'],
    phone: ['telefon', 'handy', 'mobilnummer', 'rufnummer'],
    pin: ['pin ?code', 'geheimzahl'],
    promo: ['gutschein', 'rabatt', 'aktionscode', 'einladung', 'werbe'],
    captcha: ['zeichen (?:im|aus dem) bild', 'sicherheitsabfrage'],
    date: ['geburt', '(?<![a-z])(?:tag|monat|jahr|tt|jjjj)(?![a-z])'],
    search: ['suche', 'suchbegriff'],
    identity: ['benutzername', 'bankleitzahl', '(?<![a-z])blz(?![a-z])', 'passwort', 'kennwort', 'nachname', 'vorname', 'strasse', 'betrag'],
    recovery: ['wiederherstellung', 'notfallcode', 'ersatzcode'],
  },
};
