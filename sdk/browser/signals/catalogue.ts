/**
 * What each signal is, for the consent step: id, category, purpose (in English; the banner's signal
 * names and the other locales' purposes are in consent/texts-<locale>.ts, so a per-language loader
 * carries one locale), personal-data class and opt-in rule. The loader (the script every page loads)
 * needs exactly this to show the banner and write the receipt; how each signal is collected lives in its own file
 * next to this one (visitor-id.ts, device-id.ts, …), which only the collector chunk bundles, so
 * FingerprintJS and the signal code are fetched after consent. Order = the registry's order.
 */
import type { PersonalDataClass, SignalCategory, SignalMeta } from '../../protocol/signals';
import type { SignalContext, SignalInfo } from './types';

/**
 * One row per signal, in registry order: id, category, personal-data class, purpose. Rows rather
 * than objects because esbuild keeps object literals as written, and the loader every page pays for
 * would carry the four key names twelve times.
 */
const ROWS: readonly (readonly [id: string, category: SignalCategory, personalData: PersonalDataClass, purpose: string])[] = [
  [
    'visitor-id',
    'fingerprint',
    'online-identifier',
    'Compute a browser fingerprint (from canvas, audio, fonts, WebGL and similar traits) to recognise this browser without storing anything.',
  ],
  [
    'location',
    'location',
    'location',
    'Compare the approximate location (about 1 km) with where the network says the sign-in comes from, to spot a proxy or a report made elsewhere; only if you already allowed this site to know it.',
  ],
  [
    'user-agent',
    'browser',
    'technical',
    'Check that the browser and version match the browser that sends the sign-in, so a report copied from another browser is noticed.',
  ],
  ['device-id', 'device', 'online-identifier', 'Remember this device for this site only, so a known device is not challenged again.'],
  [
    'device-type',
    'device',
    'technical',
    'Tell phones, tablets and computers apart, and check it against the browser that sends the sign-in, so a report made on another kind of device is noticed.',
  ],
  ['languages', 'locale', 'quasi-identifier', 'Compare the preferred languages with earlier sign-ins; a sudden change can indicate someone else.'],
  [
    'time-zone',
    'time',
    'quasi-identifier',
    'Compare the time zone with earlier sign-ins, with the network location (to spot a proxy or VPN) and with the local clock.',
  ],
  [
    'local-time',
    'time',
    'quasi-identifier',
    'Check that the local clock agrees with the time zone, so a time zone set by hand or copied from someone else is noticed.',
  ],
  ['screen', 'device', 'technical', 'Compare the screen with earlier sign-ins, as one trait of the devices this account uses.'],
  ['hardware', 'device', 'technical', 'Compare processor cores and memory class with earlier sign-ins, as one trait of the devices this account uses.'],
  [
    'touch',
    'device',
    'technical',
    'Tell touch devices from mouse-driven ones: compared with earlier sign-ins, and a phone or tablet browser without touch is noticed.',
  ],
  ['automation', 'automation', 'technical', 'Detect browsers driven by scripts (bots), which attempt sign-ins at scale.'],
];

/** Signals asked for only when the init options say so. */
const ENABLED: Readonly<Record<string, (ctx: SignalContext) => boolean>> = {
  // Opt-in: `Twofold.init({ location: true })`.
  location: (ctx) => ctx.location,
};

/** Every signal's description, in registry order (SIGNALS in index.ts follows the same order). */
export const SIGNAL_INFOS: readonly SignalInfo[] = ROWS.map(([id, category, personalData, purpose]) => ({
  id,
  category,
  purpose,
  personalData,
  ...(ENABLED[id] ? { enabled: ENABLED[id] } : {}),
}));

/** Signals active for these options (location only when the site opted in). */
export function activeSignals<S extends SignalInfo>(ctx: SignalContext, registry: readonly S[]): S[] {
  return registry.filter((s) => (s.enabled ? s.enabled(ctx) : true));
}

/** Just the metadata of a signal (what it is and why), as published in `Twofold.signals`. */
export function metaOf(signal: SignalInfo): SignalMeta {
  return { id: signal.id, category: signal.category, purpose: signal.purpose, personalData: signal.personalData };
}
