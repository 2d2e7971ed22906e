import type { OtpLexicon } from './types';

/** English, plus the language-neutral acronyms (otp, totp, mfa, 2fa) used everywhere. */
export const english: OtpLexicon = {
  language: 'en',
  otp: [
    '(?<![a-z])[th]?otp(?:codes?|input|field|token|value|digits?|box|pin|s)?(?![a-z])', '(?<![a-z])otc(?![a-z])', '(?<![a-z])mfa', '(?<![a-z])2fa', '(?<![a-z])2sv(?![a-z])',
    'one ?time ?(?:pass)?(?:code|word|pin|token)', 'single use code', '(?:temporary|security|sign ?in|login|access) passcode',
    'verification ?code', 'verify ?code', 'authenticat(?:ion|or) ?code', 'auth ?code',
    'sign ?in ?code', 'log ?in ?code', 'login ?code', 'access ?code from', 'sms ?code', 'text ?message ?code',
    'two ?(?:factor|step)', '2 ?(?:factor|step)', 'multi ?factor', 'authenticator app', '(?:6|six|8|eight) ?digit code',
    'code (?:we|was) (?:just )?(?:sent|texted|emailed)', '(?:sent|texted|emailed) (?:you )?(?:a|an|the|your) (?:new )?(?:\\d+ ?(?:digit|character) |(?:six|eight) ?(?:digit|character) )?code', 'enter (?:the|your) code', 'mfa ?token', 'token ?code',
    'security key code', 'device code', 'response ?code', 'card ?reader',
  ],
  ambiguous: ['security ?code', 'confirmation ?code'],
  code: ['(?<![a-z])code', 'passcode', '(?<![a-z])token(?![a-z])', '(?<![a-z])verif'],
  sent: ['(?<![a-z])sent', 'texted', 'emailed', '(?<![a-z])sms(?![a-z])', 'text message', 'we (?:will )?send'],
  app: ['authenticator', 'authenticat(?:ion|or) (?:app|application)', '(?<![a-z])totp(?![a-z])', '(?<![a-z])authy(?![a-z])', '2fa app', 'code (?:from|in|on) (?:your|the) (?:app|phone app)'],
  channel: ['e ?mail', 'inbox', '(?<![a-z])sms(?![a-z])', 'text message', 'texted', 'phone', 'mobile number', 'ending in', 'whats ?app'],
  negative: {
    card: [
      '(?<![a-z])(?:cc ?)?(?:cvc|cvv|cvn|csc|cvc2|cvv2)', '(?<![a-z])cc(?:num| number| exp| name)', 'card', 'expir(?:y|ation) ?(?:date|month|year)', '(?<![a-z])exp ?date',
      'credit', 'debit', 'cryptogram', 'sort ?code', 'routing ?number', '(?<![a-z])iban', '(?<![a-z])bic(?![a-z])', 'swift', 'account ?number',
    ],
    booking: ['booking', 'reservation', '(?<![a-z])trip(?![a-z])', 'flight', 'itinerary', '(?<![a-z])pnr(?![a-z])', 'record locator', 'ticket', 'order ?(?:number|id|no)', 'tracking', 'parcel', 'shipment'],
    postal: ['(?<![a-z])zip', 'postal', 'post ?code', '(?<![a-z])postcode'],
    phone: ['phone', '(?<![a-z])tel(?![a-z])', 'telephone', '(?<![a-z])mobile(?! app)', '(?<![a-z])msisdn', '(?<![a-z])cell ?(?:phone|number)'],
    pin: ['(?<![a-z])pin(?![a-z])', 'pin ?code', 'pincode'],
    promo: [
      'promo', 'coupon', 'voucher', 'gift', 'referr?al', '(?<![a-z])refer', 'invit', 'discount', 'campaign', 'redeem',
      'offer code', 'bonus',
    ],
    captcha: ['captcha', '(?:characters|letters|text|word)s? (?:you see |shown )?(?:in|from|on) the (?:image|picture)', '(?:characters|letters|symbols|words) (?:you see|shown|displayed)', 'type the text', 'i m not a robot', 'are you human'],
    date: [
      '(?<![a-z])(?:dd|mm|yy|yyyy|day|month|year)(?![a-z])', 'birth', '(?<![a-z])dob(?![a-z])', 'bday', 'date of',
    ],
    search: ['search', '(?<![a-z0-9])q(?![a-z0-9])', '(?<![a-z])query', '(?<![a-z])find'],
    identity: [
      'e ?mail', 'user ?name', '(?<![a-z])user(?![a-z])', 'login(?! code)', 'log in(?! code)', '(?<![a-z])name(?![a-z])', 'first ?name', 'last ?name',
      'address', 'street', 'city', 'country', 'company', 'amount', 'password', '(?<![a-z])ssn(?![a-z])',
      'social security', 'bank ?code', 'quantity', '(?<![a-z])qty',
    ],
    recovery: ['recovery', 'backup ?code', 'rescue code', 'scratch code'],
  },
};
