import type { BannerTexts } from './banner-texts';

/** English banner texts. Signal purposes are the catalogue's own (English) `purpose`. */
export const en: BannerTexts = {
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
  signals: {
    'visitor-id': { name: 'Browser fingerprint (FingerprintJS visitor id)' },
    location: { name: 'Approximate location (about 1 km), only if already allowed' },
    'user-agent': { name: 'Browser and version' },
    'device-id': { name: 'Random device identifier (stored on this device)' },
    'device-type': { name: 'Device type (phone, tablet, computer)' },
    languages: { name: 'Preferred languages' },
    'time-zone': { name: 'Time zone' },
    'local-time': { name: 'Local time' },
    screen: { name: 'Screen size and colour depth' },
    hardware: { name: 'Processor cores and memory' },
    touch: { name: 'Touch support' },
    automation: { name: 'Signs of automated browsing' },
  },
};
