import type { BannerTexts } from './banner-texts';

/** Norwegian bokmål banner texts, with each signal's purpose (the English ones are in signals/catalogue.ts). */
export const nb: BannerTexts = {
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
  signals: {
    'visitor-id': {
      name: 'Nettleserfingeravtrykk (FingerprintJS besøks-ID)',
      purpose: 'Beregne et fingeravtrykk av nettleseren (fra canvas, lyd, skrifttyper, WebGL o.l.) for å kjenne den igjen uten å lagre noe.',
    },
    location: {
      name: 'Omtrentlig posisjon (ca. 1 km), bare hvis allerede tillatt',
      purpose:
        'Sammenligne omtrentlig posisjon (ca. 1 km) med hvor nettverket sier innloggingen kommer fra, for å oppdage en proxy eller en rapport laget et annet sted; bare hvis du allerede har gitt nettstedet tilgang.',
    },
    'user-agent': {
      name: 'Nettleser og versjon',
      purpose: 'Sjekke at nettleser og versjon stemmer med nettleseren som sender innloggingen, slik at en rapport kopiert fra en annen nettleser merkes.',
    },
    'device-id': {
      name: 'Tilfeldig enhets-ID (lagret på denne enheten)',
      purpose: 'Huske denne enheten for dette nettstedet, slik at en kjent enhet ikke blir utfordret igjen.',
    },
    'device-type': {
      name: 'Enhetstype (mobil, nettbrett, datamaskin)',
      purpose:
        'Skille mobiler, nettbrett og datamaskiner og sjekke det mot nettleseren som sender innloggingen, slik at en rapport laget på en annen type enhet merkes.',
    },
    languages: {
      name: 'Foretrukne språk',
      purpose: 'Sammenligne foretrukne språk med tidligere innlogginger; en plutselig endring kan tyde på en annen person.',
    },
    'time-zone': {
      name: 'Tidssone',
      purpose: 'Sammenligne tidssonen med tidligere innlogginger, med nettverksposisjonen (for å oppdage proxy eller VPN) og med den lokale klokken.',
    },
    'local-time': {
      name: 'Lokal tid',
      purpose: 'Sjekke at den lokale klokken stemmer med tidssonen, slik at en tidssone som er satt for hånd eller kopiert merkes.',
    },
    screen: {
      name: 'Skjermstørrelse og fargedybde',
      purpose: 'Sammenligne skjermen med tidligere innlogginger, som ett kjennetegn på enhetene kontoen bruker.',
    },
    hardware: {
      name: 'Prosessorkjerner og minne',
      purpose: 'Sammenligne prosessorkjerner og minneklasse med tidligere innlogginger, som ett kjennetegn på enhetene kontoen bruker.',
    },
    touch: {
      name: 'Berøringsstøtte',
      purpose: 'Skille berøringsenheter fra musstyrte: sammenlignes med tidligere innlogginger, og en mobil- eller nettbrettleser uten berøring merkes.',
    },
    automation: { name: 'Tegn på automatisert surfing', purpose: 'Oppdage nettlesere styrt av skript (roboter), som prøver innlogginger i stor skala.' },
  },
};
