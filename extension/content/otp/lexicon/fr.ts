import type { OtpLexicon } from './types';

/** French. */
export const french: OtpLexicon = {
  language: 'fr',
  otp: [
    'code de (?:verification|validation|confirmation|connexion)',
    'code d ?(?:authentification|activation|acces unique)',
    'code (?:a )?usage unique',
    'mot de passe (?:a )?usage unique',
    'code (?:a usage )?temporaire',
    'code (?:recu|envoye)',
    'code sms',
    'double authentification',
    'authentification (?:a|en) deux',
    'verification en deux',
    'code a (?:6|six) chiffres',
  ],
  ambiguous: ['code de securite'],
  code: ['(?<![a-z])code'],
  sent: ['envoye', 'recu', 'par sms', 'vous avons envoye'],
  app: ['authenticator', 'appli(?:cation)? d ?authentification', 'authentificateur'],
  channel: ['e ?mail', 'courriel', 'boite de reception', '(?<![a-z])sms(?![a-z])', 'telephone', 'portable'],
  negative: {
    card: ['carte', 'cryptogramme', 'date d ?expiration'],
    booking: ['reservation', 'numero de dossier', 'commande', 'numero de suivi', 'billet'],
    postal: ['code postal'],
    phone: ['telephone', '(?<![a-z])portable', '(?<![a-z])mobile'],
    pin: ['code pin', 'code confidentiel'],
    promo: ['code promo', 'reduction', 'parrainage', 'cadeau', 'bon d ?achat'],
    captcha: ['caracteres (?:de|dans) l ?image'],
    date: ['naissance', '(?<![a-z])(?:jour|mois|annee|jj|aaaa)(?![a-z])'],
    search: ['recherche', 'rechercher'],
    identity: ['identifiant', 'mot de passe(?! a usage| usage)', '(?<![a-z])nom(?![a-z])', 'prenom', 'adresse', 'montant', 'courriel'],
    recovery: ['code de (?:secours|recuperation)'],
  },
};
