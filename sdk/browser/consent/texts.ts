import type { SignalCategory } from '../../protocol/signals';
import type { Locale } from '../signals';

/** Every banner string, per locale. `{site}` is replaced with the site name. */
export interface BannerTexts {
  title: string;
  intro: string;
  details: string;
  gpc: string;
  controller: string;
  policy: string;
  accept: string;
  decline: string;
  categories: Record<SignalCategory, string>;
}

/** English and Norwegian bokmål banner texts. */
export const BANNER_TEXTS: Record<Locale, BannerTexts> = {
  en: {
    title: 'Protect your sign-in with device checks?',
    intro:
      '{site} can check this browser and device when you sign in, to recognise you and to stop others using your account. ' +
      'Nothing is collected unless you accept. If you decline, you can still sign in, but may be asked for an extra code. You can withdraw at any time.',
    details: 'What is collected and why',
    gpc: 'Your browser sends a Global Privacy Control signal. It is recorded with your choice.',
    controller: 'Controller',
    policy: 'Privacy policy',
    accept: 'Accept',
    decline: 'Decline',
    categories: {
      browser: 'Browser',
      device: 'Device',
      locale: 'Language',
      time: 'Time',
      location: 'Location',
      fingerprint: 'Fingerprint',
      automation: 'Automation',
    },
  },
  nb: {
    title: 'Beskytte innloggingen med enhetskontroll?',
    intro:
      '{site} kan kontrollere denne nettleseren og enheten når du logger inn, for å kjenne deg igjen og hindre at andre bruker kontoen din. ' +
      'Ingenting samles inn uten at du godtar. Avslår du, kan du fortsatt logge inn, men kan bli bedt om en ekstra kode. Du kan trekke samtykket når som helst.',
    details: 'Hva som samles inn og hvorfor',
    gpc: 'Nettleseren din sender et Global Privacy Control-signal. Det registreres sammen med valget ditt.',
    controller: 'Behandlingsansvarlig',
    policy: 'Personvernerklæring',
    accept: 'Godta',
    decline: 'Avslå',
    categories: {
      browser: 'Nettleser',
      device: 'Enhet',
      locale: 'Språk',
      time: 'Tid',
      location: 'Posisjon',
      fingerprint: 'Fingeravtrykk',
      automation: 'Automatisering',
    },
  },
};
