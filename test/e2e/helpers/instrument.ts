/**
 * e2e helper: a page script (for `page.addInitScript`) that wraps every fingerprinting surface,
 * storage API, cookie and network API BEFORE any page script runs and counts calls per API in
 * `window.__twofoldTouches`. Used to prove the SDK touches nothing before consent.
 * Runs in the page, so it is plain JS with no imports.
 */
export function instrumentPage(): void {
  const touches: Record<string, number> = {};
  const note = (name: string) => {
    touches[name] = (touches[name] ?? 0) + 1;
  };
  (window as unknown as { __twofoldTouches: Record<string, number> }).__twofoldTouches = touches;
  const wrapMethod = (proto: object | undefined, method: string, label: string) => {
    if (!proto) return;
    const original = Reflect.get(proto, method) as unknown;
    if (typeof original !== 'function') return;
    Object.defineProperty(proto, method, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        note(label);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      },
    });
  };
  const wrapAccessor = (target: object | undefined, prop: string, label: string) => {
    if (!target) return;
    const desc = Object.getOwnPropertyDescriptor(target, prop);
    if (!desc || (!desc.get && !desc.set)) return;
    Object.defineProperty(target, prop, {
      configurable: true,
      enumerable: desc.enumerable,
      get: desc.get
        ? function (this: unknown) {
            note(`${label}:get`);
            return desc.get!.call(this);
          }
        : undefined,
      set: desc.set
        ? function (this: unknown, value: unknown) {
            note(`${label}:set`);
            desc.set!.call(this, value);
          }
        : undefined,
    });
  };
  const wrapConstructor = (name: string) => {
    const original = (window as unknown as Record<string, unknown>)[name];
    if (typeof original !== 'function') return;
    (window as unknown as Record<string, unknown>)[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        note(name);
        return Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget);
      },
    });
  };
  const w = window as unknown as Record<string, { prototype?: object } | undefined>;
  // Canvas
  for (const m of ['toDataURL', 'toBlob', 'getContext']) wrapMethod(HTMLCanvasElement.prototype, m, `canvas.${m}`);
  for (const m of ['getImageData', 'measureText', 'isPointInPath']) wrapMethod(CanvasRenderingContext2D.prototype, m, `canvas2d.${m}`);
  wrapMethod(w.OffscreenCanvas?.prototype, 'getContext', 'offscreenCanvas.getContext');
  // WebGL
  for (const ctx of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
    for (const m of ['getParameter', 'getExtension', 'getSupportedExtensions', 'getShaderPrecisionFormat']) wrapMethod(w[ctx]?.prototype, m, `webgl.${m}`);
  }
  // Audio
  for (const c of ['AudioContext', 'OfflineAudioContext', 'webkitAudioContext', 'webkitOfflineAudioContext']) wrapConstructor(c);
  // Client hints
  wrapMethod(w.NavigatorUAData?.prototype, 'getHighEntropyValues', 'userAgentData.getHighEntropyValues');
  // Storage and cookies
  for (const s of ['localStorage', 'sessionStorage']) wrapAccessor(Object.getOwnPropertyDescriptor(window, s) ? window : Window.prototype, s, s);
  for (const m of ['getItem', 'setItem', 'removeItem', 'clear', 'key']) wrapMethod(Storage.prototype, m, `storage.${m}`);
  for (const m of ['open', 'deleteDatabase', 'databases']) wrapMethod(IDBFactory.prototype, m, `indexedDB.${m}`);
  wrapAccessor(Document.prototype, 'cookie', 'document.cookie');
  wrapMethod(w.CookieStore?.prototype, 'get', 'cookieStore.get');
  wrapMethod(w.CookieStore?.prototype, 'set', 'cookieStore.set');
  // Network
  const originalFetch = window.fetch;
  window.fetch = function (...args: Parameters<typeof fetch>) {
    note('fetch');
    return originalFetch.apply(this, args);
  };
  wrapMethod(XMLHttpRequest.prototype, 'open', 'xhr.open');
  wrapMethod(XMLHttpRequest.prototype, 'send', 'xhr.send');
  wrapMethod(Navigator.prototype, 'sendBeacon', 'navigator.sendBeacon');
  wrapConstructor('WebSocket');
  wrapConstructor('EventSource');
  // Permissions and location
  wrapMethod(w.Permissions?.prototype, 'query', 'permissions.query');
  wrapMethod(w.Geolocation?.prototype, 'getCurrentPosition', 'geolocation.getCurrentPosition');
}

/** The instrumentation as a script string for `addInitScript({ content })`. */
export const INSTRUMENT_SCRIPT = `(${instrumentPage.toString()})();`;
