import { isAndroid, isDesktopWebKit, isWebKit, loadSources, sources } from '@fingerprintjs/fingerprintjs';
import { yieldToBrowser } from '../yield';
import { defineCollector } from './types';

/**
 * FingerprintJS sources this signal does not run. `domBlockers` (FingerprintJS 5.2) probes for
 * ~100 ad-blocker filter lists by inserting hidden elements; it runs only on Safari and Android
 * (elsewhere it reports nothing), says which privacy tools and regional filter lists a visitor
 * chose, changes whenever those lists update, and its selector table is 4.9 KB of the collector's
 * min+gzip bytes (sdk/browser/README.md). build-sdk.mjs drops it from FingerprintJS' source table
 * so the bundle does not carry it; the id is keyed per site anyway (siteKey), so it need not match
 * FingerprintJS' own id.
 */
export const OMITTED_FINGERPRINT_SOURCES = ['domBlockers'] as const;

const { domBlockers: _omitted, ...runSources } = sources;
/**
 * The FingerprintJS sources this signal runs: all of FingerprintJS' own, in its order, minus
 * OMITTED_FINGERPRINT_SOURCES. Typed through `typeof sources`: the inferred type names FingerprintJS
 * types its package does not export, which the package's declaration build cannot write (TS4023).
 */
export const FINGERPRINT_SOURCES: Omit<typeof sources, (typeof OMITTED_FINGERPRINT_SOURCES)[number]> = runSources;

/** FingerprintJS component results as loadSources returns them. */
type Components = Record<string, { value?: unknown; error?: unknown; duration: number }>;

/** Components whose JSON is longer than this are sent as a hash (the canvas images are ~38 KB). */
export const MAX_COMPONENT_CHARS = 96;

/** Imported once per site and page: every collection hashes with the same key (it is no secret). */
const siteKeys = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC-SHA-256 key that ties every identifier this signal reports to one site: the site name
 * as `Twofold.init({ site })` gives it. FingerprintJS' visitor id is the same on every site a
 * browser visits; keyed per site, the same browser yields unrelated ids on two sites, so two sites
 * (or anyone holding both reports) cannot link a visitor across them, while each site still
 * recognises the browser on its own pages.
 */
export function siteKey(site: string): Promise<CryptoKey> {
  let key = siteKeys.get(site);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(site), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    siteKeys.set(site, key);
  }
  return key;
}

/**
 * First 128 bits of HMAC-SHA-256 under the site key, hex (FingerprintJS ids are 128-bit hex too).
 * `purpose` separates the visitor id from component hashes. WebCrypto hashes natively: a JS hash
 * of the ~76 KB of canvas JSON costs the main thread ~10 ms.
 */
export async function keyedHash(key: CryptoKey, purpose: string, text: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${purpose}\0${text}`)));
  return Array.from(mac.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Each component's value as JSON (undefined for an error), made once for the canonical string and the summary. */
export function componentJson(components: Components): Map<string, string | undefined> {
  return new Map(Object.entries(components).map(([name, component]) => [name, 'error' in component ? undefined : JSON.stringify(component.value)]));
}

/**
 * FingerprintJS' canonical string of its components, the text its `hashComponents` hashes (murmur
 * x64 128): names sorted, `name:json` joined by `|`. Copied from FingerprintJS 5.2.0
 * (`componentsToCanonicalString`, not exported); visitor-id.test.ts checks that FingerprintJS'
 * `murmurX64Hash128` of it equals its `hashComponents`, so an upgrade that changes the format fails there.
 */
export function canonicalComponents(components: Components, json = componentJson(components)): string {
  let result = '';
  for (const name of Object.keys(components).sort()) {
    result += `${result ? '|' : ''}${name.replace(/([:|\\])/g, '\\$1')}:${'error' in components[name]! ? 'error' : json.get(name)}`;
  }
  return result;
}

/**
 * Shrinks FingerprintJS components for the report: short values verbatim, long ones (canvas
 * images, font lists, WebGL extension lists) as a hash keyed to the site, so a server or the
 * inspector can still see *which* component changed without receiving kilobytes of pixels, and
 * the hash means nothing on another site.
 */
export async function summariseComponents(components: Components, key: CryptoKey, json = componentJson(components)): Promise<Record<string, unknown>> {
  const entries = Object.entries(components).map(async ([name, component]): Promise<[string, unknown]> => {
    if (component.error !== undefined || !('value' in component)) return [name, { error: true }];
    const text = json.get(name) ?? JSON.stringify(component.value) ?? 'undefined';
    return [name, text.length <= MAX_COMPONENT_CHARS ? component.value : { hash: await keyedHash(key, `component:${name}`, text) }];
  });
  return Object.fromEntries(await Promise.all(entries));
}

/**
 * FingerprintJS' open-source confidence score. Its own getConfidence() is not exported, so this
 * mirrors it with the engine checks it does export; the one difference: Safari 16.1+ is detected
 * by its `browser` namespace only (FingerprintJS also checks five CSS/DOM features).
 */
export function confidenceScore(platform: string): number {
  if (isAndroid()) return 0.4;
  if (isWebKit()) {
    const modernSafari = String((window as unknown as { browser?: unknown }).browser) === '[object WebPageNamespace]';
    return isDesktopWebKit() && !modernSafari ? 0.5 : 0.3;
  }
  if (/^Win/.test(platform)) return 0.6;
  if (/^Mac/.test(platform)) return 0.5;
  return 0.7;
}

/**
 * Main-thread budget per task while running the sources: 16 ms, FingerprintJS' own slice, so no
 * task is longer than one FingerprintJS run would make it. Measured warm in Chromium (8 runs of 31,
 * interleaved with FingerprintJS alone on a loaded 2-core machine): 4 ms slices made collect() a
 * median 1.15x FingerprintJS (every yield is a task round trip), 16 ms slices 1.00x.
 */
export const SOURCE_SLICE_MS = 16;

/**
 * The visitor id: FingerprintJS' components as `FingerprintJS.load().get()` collects them (its own
 * sources minus OMITTED_FINGERPRINT_SOURCES, its slices) but without `load()`, which may send a
 * monitoring request, in FingerprintJS' canonical form (canonicalComponents), keyed to `site`:
 * `hmac(site, "visitor-id\0" + canonical string)` (keyedHash). Not FingerprintJS' murmur hash of that
 * string first: keyed per site, the id need not equal FingerprintJS' own, and murmur over the ~37 K
 * characters cost the main thread 9-14 ms at the end of a cold collection (first call, not yet
 * optimised), where WebCrypto's HMAC hashes off the main thread. Same input, so the same stability.
 * The sources run in SOURCE_SLICE_MS slices and the hashing in a task of its own, so the page stays
 * responsive; nothing runs before this signal is collected, i.e. after consent.
 */
export async function computeVisitorId(site: string): Promise<{ visitorId: string; confidence: number; version: string; components: Record<string, unknown> }> {
  const key = await siteKey(site);
  // No idle wait here (FingerprintJS' prepareForSources): the collector waits for the page to be
  // idle once before it starts any signal (collector.ts), so this signal does not wait behind the others.
  // The sources start in a task of their own, so their first slice is not added to the task that
  // started the other signals (the HMAC key import can resolve within it).
  await yieldToBrowser();
  const getComponents = loadSources(FINGERPRINT_SOURCES, { cache: {}, debug: false }, [], SOURCE_SLICE_MS);
  const components = (await getComponents()) as unknown as Components;
  const platform = components.platform && 'value' in components.platform ? String(components.platform.value) : '';
  await yieldToBrowser();
  // The id's HMAC and the component hashes are independent: signed concurrently (WebCrypto runs
  // them off the main thread), not one after the other with a task round trip between.
  // Each component's JSON is made once, for both.
  const json = componentJson(components);
  const [visitorId, summary] = await Promise.all([
    keyedHash(key, 'visitor-id', canonicalComponents(components, json)),
    summariseComponents(components, key, json),
  ]);
  return { visitorId, confidence: confidenceScore(platform), version: 'fingerprintjs/5', components: summary };
}

/** FingerprintJS visitor id (keyed to the site) with its confidence score. */
export const visitorIdSignal = defineCollector({
  id: 'visitor-id',
  budgetMs: 5_000,
  async collect(ctx) {
    return computeVisitorId(ctx.site);
  },
});
