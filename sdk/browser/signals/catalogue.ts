/**
 * What each signal is, for the consent step: id, category, purpose (in English; the banner's signal
 * names and the other locales' purposes are in consent/texts-<locale>.ts, so a per-language loader
 * carries one locale), personal-data class and opt-in rule. The loader (the script every page loads)
 * needs exactly this to show the banner and write the receipt; how each signal is collected lives in its own file
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
});

export const locationInfo = defineSignalInfo({
  id: 'location',
  category: 'location',
  purpose:
    'Compare the approximate location (about 1 km) with where the network says the sign-in comes from, to spot a proxy or a report made elsewhere; only if you already allowed this site to know it.',
  personalData: 'location',
  enabled: (ctx) => ctx.location,
});

const userAgentInfo = defineSignalInfo({
  id: 'user-agent',
  category: 'browser',
  purpose: 'Check that the browser and version match the browser that sends the sign-in, so a report copied from another browser is noticed.',
  personalData: 'technical',
});

const deviceIdInfo = defineSignalInfo({
  id: 'device-id',
  category: 'device',
  purpose: 'Remember this device for this site only, so a known device is not challenged again.',
  personalData: 'online-identifier',
});

const deviceTypeInfo = defineSignalInfo({
  id: 'device-type',
  category: 'device',
  purpose:
    'Tell phones, tablets and computers apart, and check it against the browser that sends the sign-in, so a report made on another kind of device is noticed.',
  personalData: 'technical',
});

const languagesInfo = defineSignalInfo({
  id: 'languages',
  category: 'locale',
  purpose: 'Compare the preferred languages with earlier sign-ins; a sudden change can indicate someone else.',
  personalData: 'quasi-identifier',
});

const timeZoneInfo = defineSignalInfo({
  id: 'time-zone',
  category: 'time',
  purpose: 'Compare the time zone with earlier sign-ins, with the network location (to spot a proxy or VPN) and with the local clock.',
  personalData: 'quasi-identifier',
});

const localTimeInfo = defineSignalInfo({
  id: 'local-time',
  category: 'time',
  purpose: 'Check that the local clock agrees with the time zone, so a time zone set by hand or copied from someone else is noticed.',
  personalData: 'quasi-identifier',
});

const screenInfo = defineSignalInfo({
  id: 'screen',
  category: 'device',
  purpose: 'Compare the screen with earlier sign-ins, as one trait of the devices this account uses.',
  personalData: 'technical',
});

const hardwareInfo = defineSignalInfo({
  id: 'hardware',
  category: 'device',
  purpose: 'Compare processor cores and memory class with earlier sign-ins, as one trait of the devices this account uses.',
  personalData: 'technical',
});

const touchInfo = defineSignalInfo({
  id: 'touch',
  category: 'device',
  purpose: 'Tell touch devices from mouse-driven ones: compared with earlier sign-ins, and a phone or tablet browser without touch is noticed.',
  personalData: 'technical',
});

const automationInfo = defineSignalInfo({
  id: 'automation',
  category: 'automation',
  purpose: 'Detect browsers driven by scripts (bots), which attempt sign-ins at scale.',
  personalData: 'technical',
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
