/**
 * What each signal is, for the consent step: id, category, purpose, personal-data class, banner
 * texts, time budget and opt-in rule. The loader (the script every page loads) needs exactly this
 * to show the banner and write the receipt; how each signal is collected lives in its own file
 * next to this one (visitor-id.ts, device-id.ts, …), which only the collector chunk bundles, so
 * FingerprintJS and the signal code are fetched after consent. Order = the registry's order.
 */
import type { SignalMeta } from '../../protocol/signals';
import { defineSignalInfo, type SignalContext, type SignalInfo } from './types';

const visitorIdInfo = defineSignalInfo({
  id: 'visitor-id',
  category: 'fingerprint',
  purpose: 'Compute a browser fingerprint (from canvas, audio, fonts, WebGL and similar traits) to recognise this browser without storing anything.',
  personalData: 'online-identifier',
  text: {
    en: { name: 'Browser fingerprint (FingerprintJS visitor id)' },
    nb: {
      name: 'Nettleserfingeravtrykk (FingerprintJS besøks-ID)',
      purpose: 'Beregne et fingeravtrykk av nettleseren (fra canvas, lyd, skrifttyper, WebGL o.l.) for å kjenne den igjen uten å lagre noe.',
    },
  },
});

export const locationInfo = defineSignalInfo({
  id: 'location',
  category: 'location',
  purpose: 'Compare the approximate location (about 1 km) with earlier sign-ins, if you already allowed this site to know it.',
  personalData: 'location',
  text: {
    en: { name: 'Approximate location (about 1 km), only if already allowed' },
    nb: {
      name: 'Omtrentlig posisjon (ca. 1 km), bare hvis allerede tillatt',
      purpose: 'Sammenligne omtrentlig posisjon (ca. 1 km) med tidligere innlogginger, hvis du allerede har gitt nettstedet tilgang.',
    },
  },
  enabled: (ctx) => ctx.location,
});

const userAgentInfo = defineSignalInfo({
  id: 'user-agent',
  category: 'browser',
  purpose: 'Recognise the browser and its version, so a sign-in from a different browser can be noticed.',
  personalData: 'technical',
  text: {
    en: { name: 'Browser and version' },
    nb: { name: 'Nettleser og versjon', purpose: 'Kjenne igjen nettleseren og versjonen, slik at innlogging fra en annen nettleser merkes.' },
  },
});

const deviceIdInfo = defineSignalInfo({
  id: 'device-id',
  category: 'device',
  purpose: 'Remember this device for this site only, so a known device is not challenged again.',
  personalData: 'online-identifier',
  text: {
    en: { name: 'Random device identifier (stored on this device)' },
    nb: {
      name: 'Tilfeldig enhets-ID (lagret på denne enheten)',
      purpose: 'Huske denne enheten for dette nettstedet, slik at en kjent enhet ikke blir utfordret igjen.',
    },
  },
});

const deviceTypeInfo = defineSignalInfo({
  id: 'device-type',
  category: 'device',
  purpose: 'Tell phones, tablets and computers apart, so a sign-in from a new kind of device can be noticed.',
  personalData: 'technical',
  text: {
    en: { name: 'Device type (phone, tablet, computer)' },
    nb: {
      name: 'Enhetstype (mobil, nettbrett, datamaskin)',
      purpose: 'Skille mobiler, nettbrett og datamaskiner, slik at innlogging fra en ny type enhet merkes.',
    },
  },
});

const languagesInfo = defineSignalInfo({
  id: 'languages',
  category: 'locale',
  purpose: 'Compare the preferred languages with earlier sign-ins; a sudden change can indicate someone else.',
  personalData: 'quasi-identifier',
  text: {
    en: { name: 'Preferred languages' },
    nb: { name: 'Foretrukne språk', purpose: 'Sammenligne foretrukne språk med tidligere innlogginger; en plutselig endring kan tyde på en annen person.' },
  },
});

const timeZoneInfo = defineSignalInfo({
  id: 'time-zone',
  category: 'time',
  purpose: 'Compare the time zone with earlier sign-ins and with the network location, to spot impossible travel.',
  personalData: 'quasi-identifier',
  text: {
    en: { name: 'Time zone' },
    nb: { name: 'Tidssone', purpose: 'Sammenligne tidssonen med tidligere innlogginger og nettverksposisjonen for å oppdage umulige reiser.' },
  },
});

const localTimeInfo = defineSignalInfo({
  id: 'local-time',
  category: 'time',
  purpose: 'Notice sign-ins at hours unusual for this account.',
  personalData: 'quasi-identifier',
  text: { en: { name: 'Local time' }, nb: { name: 'Lokal tid', purpose: 'Merke innlogginger på tidspunkter som er uvanlige for kontoen.' } },
});

const screenInfo = defineSignalInfo({
  id: 'screen',
  category: 'device',
  purpose: 'Recognise the display of a known device.',
  personalData: 'technical',
  text: { en: { name: 'Screen size and colour depth' }, nb: { name: 'Skjermstørrelse og fargedybde', purpose: 'Kjenne igjen skjermen på en kjent enhet.' } },
});

const hardwareInfo = defineSignalInfo({
  id: 'hardware',
  category: 'device',
  purpose: 'Recognise a known device by its processor cores and memory class.',
  personalData: 'technical',
  text: {
    en: { name: 'Processor cores and memory' },
    nb: { name: 'Prosessorkjerner og minne', purpose: 'Kjenne igjen en kjent enhet på prosessorkjerner og minneklasse.' },
  },
});

const touchInfo = defineSignalInfo({
  id: 'touch',
  category: 'device',
  purpose: 'Tell touch devices from mouse-driven ones, to recognise a known device.',
  personalData: 'technical',
  text: {
    en: { name: 'Touch support' },
    nb: { name: 'Berøringsstøtte', purpose: 'Skille berøringsenheter fra musstyrte, for å kjenne igjen en kjent enhet.' },
  },
});

const automationInfo = defineSignalInfo({
  id: 'automation',
  category: 'automation',
  purpose: 'Detect browsers driven by scripts (bots), which attempt sign-ins at scale.',
  personalData: 'technical',
  text: {
    en: { name: 'Signs of automated browsing' },
    nb: { name: 'Tegn på automatisert surfing', purpose: 'Oppdage nettlesere styrt av skript (roboter), som prøver innlogginger i stor skala.' },
  },
});

/** Every signal's description, in registry order (SIGNALS in index.ts follows the same order). */
export const SIGNAL_INFOS = [
  visitorIdInfo,
  locationInfo,
  userAgentInfo,
  deviceIdInfo,
  deviceTypeInfo,
  languagesInfo,
  timeZoneInfo,
  localTimeInfo,
  screenInfo,
  hardwareInfo,
  touchInfo,
  automationInfo,
] as const;

/** Signals active for these options (location only when the site opted in). */
export function activeSignals<S extends SignalInfo>(ctx: SignalContext, registry: readonly S[]): S[] {
  return registry.filter((s) => (s.enabled ? s.enabled(ctx) : true));
}

/** Just the metadata of a signal (what it is and why), as published in `Twofold.signals`. */
export function metaOf(signal: SignalInfo): SignalMeta {
  return { id: signal.id, category: signal.category, purpose: signal.purpose, personalData: signal.personalData };
}
