import type { OtpLexicon } from './types';

/** Dutch. */
export const dutch: OtpLexicon = {
  language: 'nl',
  otp: [
    'verificatie ?code',
    'bevestigings ?code',
    'authenticatie ?code',
    'inlog ?code',
    'eenmalige (?:code|wachtwoord|inlogcode)',
    'sms ?code',
    'tweestaps',
    'twee ?staps',
    'tweefactor',
    'twee ?factor',
    'code (?:ontvangen|verstuurd|gestuurd)',
    'toegangs ?code uit',
  ],
  ambiguous: ['beveiligings ?code'],
  code: ['(?<![a-z])code'],
  sent: ['verstuurd', 'gestuurd', 'ontvangen', 'per sms', 'sms ?je'],
  app: ['authenticator', 'authenticatie ?app', 'verificatie ?app', 'authenticator ?app'],
  channel: ['e ?mail', 'inbox', '(?<![a-z])sms(?![a-z])', 'telefoon', 'mobiel'],
  negative: {
    card: ['kaart', 'vervaldatum', 'creditcard'],
    booking: ['boeking', 'reservering', 'bestelnummer', 'bestelling', 'track ?(?:en|&) ?trace', 'ticket'],
    postal: ['postcode'],
    phone: ['telefoon', 'mobiel', 'gsm'],
    pin: ['pincode'],
    promo: ['kortings', 'actiecode', 'cadeau', 'waardebon', 'uitnodiging'],
    captcha: ['tekens (?:in|op) de afbeelding'],
    date: ['geboorte', '(?<![a-z])(?:dag|maand|jaar|jjjj)(?![a-z])'],
    search: ['zoeken', 'zoek(?![a-z])'],
    identity: ['gebruikersnaam', 'wachtwoord(?! eenmalig)', 'achternaam', 'voornaam', 'adres', 'bedrag'],
    recovery: ['herstelcode', 'back ?up ?code'],
  },
};
