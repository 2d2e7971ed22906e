/**
 * Loads the second stage (collector.ts) after consent — unless the site already included
 * twofold-collector.js itself (collector-script.ts) — from the directory the loader itself was
 * loaded from: `import()` of twofold-collector.mjs next to twofold.mjs, or a <script> for
 * twofold-collector.js next to twofold.js carrying the Subresource Integrity hash the build
 * computed, so a tampered or substituted collector is refused by the browser. The build
 * (sdk/browser/build-sdk.mjs) fills in the three constants below; without them (unit tests run the
 * source) there is no collector to load and init() must be given one.
 */
import { TwofoldError } from '../protocol/errors';
import type { Collector } from './collector';
import { COLLECTOR_READY_EVENT, PRELOADED_COLLECTOR } from './stages';
import { version } from './version';

declare const __TWOFOLD_FORMAT__: 'iife' | 'esm' | undefined;
declare const __TWOFOLD_COLLECTOR_FILE__: string | undefined;
declare const __TWOFOLD_COLLECTOR_SRI__: string | undefined;

/**
 * The loader's own URL, taken while it runs: `document.currentScript` is only set during a classic
 * script's first synchronous run (it is its own element, not a fingerprinting surface).
 */
const loaderUrl: string | undefined =
  typeof __TWOFOLD_FORMAT__ === 'undefined'
    ? undefined
    : __TWOFOLD_FORMAT__ === 'iife'
      ? (document.currentScript as HTMLScriptElement | null)?.src
      : import.meta.url;

function unavailable(detail: string, cause?: unknown): TwofoldError {
  return new TwofoldError(
    'collector_unavailable',
    `Twofold collector not loaded: ${detail}. Serve ${typeof __TWOFOLD_COLLECTOR_FILE__ === 'string' ? __TWOFOLD_COLLECTOR_FILE__ : 'twofold-collector.js'} unmodified, from the same build, in the same directory as the Twofold script.`,
    { cause },
  );
}

function checked(candidate: unknown): Collector {
  const c = candidate as Partial<Collector> | null;
  // One check for both: a foreign object has no matching version either.
  if (c?.version !== version || typeof c.collectSignals !== 'function') throw unavailable(`got version ${String(c?.version)}, need ${version}`);
  return c as Collector;
}

function loadScript(url: string, integrity: string): Promise<Collector> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.integrity = integrity;
    // SRI on a cross-origin script (the SDK on a CDN) needs a CORS fetch; same-origin needs nothing.
    if (new URL(url).origin !== location.origin) script.crossOrigin = 'anonymous';
    script.addEventListener(
      COLLECTOR_READY_EVENT,
      (event) => {
        event.preventDefault(); // taken: the collector need not publish itself
        try {
          resolve(checked((event as CustomEvent<unknown>).detail));
        } catch (err) {
          reject(err);
        }
      },
      { once: true },
    );
    script.addEventListener('error', () => reject(unavailable(`${url} failed to load or to match its integrity hash`)), { once: true });
    script.addEventListener('load', () => reject(unavailable(`${url} is not a Twofold collector`)), { once: true });
    (document.head ?? document.documentElement).append(script);
  });
}

/** The page's one collector load: every SDK instance on the page shares it. */
let pending: Promise<Collector> | null = null;

/** Fetches and starts the collector (once per page; a failed attempt is retried on the next call). */
export function fetchCollector(): Promise<Collector> {
  pending ??= (async () => {
    const preloaded = (window as unknown as Record<symbol, unknown>)[PRELOADED_COLLECTOR];
    if (preloaded !== undefined) return checked(preloaded);
    if (typeof __TWOFOLD_FORMAT__ === 'undefined' || typeof __TWOFOLD_COLLECTOR_FILE__ !== 'string')
      throw unavailable('this build of the SDK has no collector file');
    if (!loaderUrl) throw unavailable('the loader has no URL; load it with <script src> or import');
    const url = new URL(__TWOFOLD_COLLECTOR_FILE__, loaderUrl).href;
    if (__TWOFOLD_FORMAT__ === 'iife') return loadScript(url, typeof __TWOFOLD_COLLECTOR_SRI__ === 'string' ? __TWOFOLD_COLLECTOR_SRI__ : '');
    try {
      return checked(((await import(/* @vite-ignore */ url)) as { collector?: unknown }).collector);
    } catch (cause) {
      throw cause instanceof TwofoldError ? cause : unavailable(`${url} failed to load`, cause);
    }
  })().catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}
