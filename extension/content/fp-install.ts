/**
 * Wires the fingerprint detector into a page's global: captures the natives it relies on before
 * page scripts run, opens the private channel, and installs the hook modules (one per technique).
 */
import { createBatcher, type Batcher } from './fp-batcher';
import { openDetectorChannel, type DetectorChannel } from './fp-channel';
import { originalGetter, protoOf, type DetectorContext, type PageGlobal } from './fp-context';
import { installCanvasHooks } from './fp-hooks-canvas';
import { installFontHooks } from './fp-hooks-fonts';
import { installMediaHooks } from './fp-hooks-media';
import { callerOrigin, originOfUrl } from './fp-stack';
import { createWrapper } from './fp-wrap';

/** Overrides for tests and the bench; the page build uses the defaults. */
export interface DetectorOptions {
  /** Batch delay in ms (default 1000). */
  delayMs?: number;
  /** Returns the current stack; default `new Error().stack` with the page's original Error. */
  captureStack?: () => string;
}

/** A running detector: its channel, batcher and the number of wrapped functions. */
export interface InstalledDetector {
  channel: DetectorChannel;
  batcher: Batcher;
  wrapped: number;
}

/** Installs the detector into `global` (the page's window). Never throws into the page. */
export function installFingerprintDetector(global: PageGlobal, options: DetectorOptions = {}): InstalledDetector {
  const apply = Reflect.apply;
  const NativeError = global.Error as ErrorConstructor;
  const dateNow = (global.Date as DateConstructor).now;
  const setTimer = global.setTimeout as typeof setTimeout;
  const stringify = (global.JSON as JSON).stringify;
  const eventTarget = (global.EventTarget as typeof EventTarget).prototype;
  const { addEventListener, removeEventListener, dispatchEvent } = eventTarget;
  const NativeCustomEvent = global.CustomEvent as typeof CustomEvent;
  const crypto = global.crypto as Crypto;
  const getRandomValues = crypto.getRandomValues;
  const { create, getPrototypeOf } = Object;

  const captureStack =
    options.captureStack ??
    (() => {
      const stack = new NativeError().stack;
      return typeof stack === 'string' ? stack : '';
    });
  // The detector's own script URL, so its frames are skipped: only set when it was loaded with
  // <script src> (extension content scripts have extension URLs, skipped anyway; injected code has
  // none). Not taken from a stack trace here: a page's first stack trace costs ~1 ms.
  const currentScript = originalGetter(protoOf(global, 'Document'), 'currentScript')?.(global.document) as { src?: unknown } | null | undefined;
  const selfUrl = typeof currentScript?.src === 'string' && currentScript.src !== '' ? currentScript.src : null;
  // Read now (before page scripts could shadow window.origin), parsed at the first attribution:
  // its regex costs a page that never fingerprints a compile at document_start.
  const rawOrigin = typeof global.origin === 'string' ? global.origin : '';
  let pageOrigin: string | undefined;

  const channel = openDetectorChannel({
    addEventListener: (type, listener) => apply(addEventListener, global, [type, listener]),
    removeEventListener: (type, listener) => apply(removeEventListener, global, [type, listener]),
    dispatch: (type, detail) => {
      // Null-prototype init dictionary: no inherited getter of the page is consulted.
      const init = create(null) as CustomEventInit<string>;
      init.detail = detail;
      apply(dispatchEvent, global, [new NativeCustomEvent(type, init)]);
    },
    randomHex: (bytes) => {
      const buffer = new Uint8Array(bytes);
      apply(getRandomValues, crypto, [buffer]);
      let hex = '';
      for (let i = 0; i < buffer.length; i++) hex += (buffer[i]! < 16 ? '0' : '') + buffer[i]!.toString(16);
      return hex;
    },
  });
  const batcher = createBatcher({
    send: (json) => channel.send(json),
    setTimer: (fn, ms) => void apply(setTimer, global, [fn, ms]),
    stringify: (value) => stringify(value),
    delayMs: options.delayMs,
  });

  const glInstallers: ((proto: object) => void)[] = [];
  const glPrototypes = new WeakSet<object>();
  const glContextCreated = (context: object) => {
    const proto = getPrototypeOf(context) as object | null;
    if (proto === null || glPrototypes.has(proto)) return;
    glPrototypes.add(proto);
    for (let i = 0; i < glInstallers.length; i++) glInstallers[i]!(proto);
  };
  const ctx: DetectorContext = {
    wrap: createWrapper((global.Function as FunctionConstructor).prototype),
    global,
    attribute: () => {
      pageOrigin ??= originOfUrl(rawOrigin) ?? 'null';
      return callerOrigin(captureStack(), selfUrl, pageOrigin);
    },
    record: (kind, api, origin) => batcher.record(kind, api, origin),
    now: () => dateNow(),
    onWebGLPrototype: (install) => void glInstallers.push(install),
  };
  let wrapped = 0;
  for (const install of [(c: DetectorContext) => installCanvasHooks(c, glContextCreated), installMediaHooks, installFontHooks]) {
    try {
      wrapped += install(ctx);
    } catch {
      // A browser without one of the APIs (or with an unusual shape) keeps the other hooks.
    }
  }
  const flush = () => {
    try {
      batcher.flush();
    } catch {
      // Never throw into the page's unload handlers.
    }
  };
  apply(addEventListener, global, ['pagehide', flush, true]);
  return { channel, batcher, wrapped };
}
