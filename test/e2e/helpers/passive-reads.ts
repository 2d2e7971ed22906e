/**
 * e2e helper: a page script (for init scripts) that counts the PASSIVE reads most fingerprinting
 * signals are made of — every property of `navigator` (through the Navigator.prototype accessors
 * and a proxy in navigator's prototype chain, so `in` checks and reads of properties a browser
 * lacks, such as Chromium's missing `globalPrivacyControl`, count too), `screen` and
 * `devicePixelRatio`, `Intl.DateTimeFormat`, `Date.prototype.getTimezoneOffset`, `matchMedia`,
 * layout reads used for font probing (`offsetWidth`/`offsetHeight`, `getBoundingClientRect`),
 * `document.fonts`, and the `<html lang>` attribute the banner is allowed to read — into
 * `window.__twofoldReads` (label → count). It must run before any page script; the test page
 * itself does nothing but load the SDK, so every count is a read the SDK made.
 * Runs in the page, so it is plain JS with no imports.
 */
export function instrumentPassiveReads(): void {
  type Counts = Record<string, number>;
  const installed = new WeakSet<object>();
  /** Reads made in a same-origin child frame (FingerprintJS probes fonts in an iframe) count in the top page's table. */
  const parentReads = (win: Window): Counts | undefined => {
    try {
      return win !== win.parent ? (win.parent as unknown as { __twofoldReads?: Counts }).__twofoldReads : undefined;
    } catch {
      return undefined;
    }
  };
  const install = (win: Window & typeof globalThis): void => {
    if (installed.has(win) || Object.getOwnPropertyDescriptor(win, '__twofoldReads')) return;
    installed.add(win);
    const reads: Counts = parentReads(win) ?? {};
    Object.defineProperty(win, '__twofoldReads', { value: reads, enumerable: false });
    instrumentWindow(win, (label) => {
      reads[label] = (reads[label] ?? 0) + 1;
    });
  };
  const instrumentWindow = (window: Window & typeof globalThis, note: (label: string) => void): void => {
    const { navigator, screen, document, HTMLElement, Element } = window;
    const { Intl: intl, Date: DateOfWindow } = window;
    /** Where an API lives: on the global itself ([Global] interfaces put members there) or its prototype. */
    const holder = (object: object, prop: string): object | undefined => {
      for (let o: object | null = object; o; o = Object.getPrototypeOf(o) as object | null) {
        if (Object.getOwnPropertyDescriptor(o, prop)) return o;
      }
      return undefined;
    };
    const wrapGetter = (target: object | undefined, prop: string, label: string) => {
      const desc = target && Object.getOwnPropertyDescriptor(target, prop);
      if (!target || !desc?.get) return;
      const get = desc.get;
      Object.defineProperty(target, prop, {
        ...desc,
        get: function (this: unknown) {
          note(label);
          return get.call(this);
        },
      });
    };
    const wrapFunction = (target: object | undefined, prop: string, label: string) => {
      const desc = target && Object.getOwnPropertyDescriptor(target, prop);
      if (!target || typeof desc?.value !== 'function') return;
      const original = desc.value as (...args: unknown[]) => unknown;
      const wrapped: (...args: unknown[]) => unknown = new Proxy(original, {
        apply(fn, self, args) {
          note(label);
          return Reflect.apply(fn, self, args);
        },
        construct(fn, args, newTarget) {
          note(label);
          return Reflect.construct(fn, args, newTarget === wrapped ? fn : newTarget) as object;
        },
      });
      Object.defineProperty(target, prop, { ...desc, value: wrapped });
    };
    /**
     * Counts every read of `object`'s properties: its prototype's accessors are wrapped, and a proxy
     * inserted between the object and its prototype counts `in` checks and reads of data properties
     * and of properties this browser does not have. `instanceof` still holds (the proxy's target
     * inherits from the real prototype).
     */
    const watchObject = (object: object, name: string) => {
      const proto = Object.getPrototypeOf(object) as object;
      for (const prop of Object.getOwnPropertyNames(proto)) wrapGetter(proto, prop, `${name}.${prop}`);
      const isAccessor = (prop: PropertyKey) => {
        for (let o: object | null = proto; o; o = Object.getPrototypeOf(o) as object | null) {
          const desc = Object.getOwnPropertyDescriptor(o, prop);
          if (desc) return Boolean(desc.get);
        }
        return false;
      };
      const spy = new Proxy(Object.create(proto) as object, {
        get(target, prop, receiver) {
          // Accessors count themselves (above); symbols are engine plumbing (toStringTag, iterators).
          if (typeof prop === 'string' && !isAccessor(prop)) note(`${name}.${prop}`);
          return Reflect.get(target, prop, receiver);
        },
        has(target, prop) {
          if (typeof prop === 'string') note(`${name}.${prop}`);
          return Reflect.has(target, prop);
        },
      });
      try {
        Object.setPrototypeOf(object, spy);
      } catch {
        note(`${name}: proxy not installed`); // makes the test fail loudly rather than silently count less
      }
    };
    watchObject(navigator, 'navigator');
    watchObject(screen, 'screen');
    wrapGetter(holder(window, 'devicePixelRatio'), 'devicePixelRatio', 'window.devicePixelRatio');
    wrapFunction(intl, 'DateTimeFormat', 'Intl.DateTimeFormat');
    wrapFunction(intl.DateTimeFormat.prototype, 'resolvedOptions', 'Intl.DateTimeFormat.resolvedOptions');
    wrapFunction(DateOfWindow.prototype, 'getTimezoneOffset', 'Date.getTimezoneOffset');
    wrapFunction(holder(window, 'matchMedia'), 'matchMedia', 'matchMedia');
    for (const prop of ['offsetWidth', 'offsetHeight']) wrapGetter(HTMLElement.prototype, prop, `HTMLElement.${prop}`);
    wrapFunction(Element.prototype, 'getBoundingClientRect', 'Element.getBoundingClientRect');
    wrapGetter(holder(document, 'fonts'), 'fonts', 'document.fonts');
    const fontSet = (window as unknown as { FontFaceSet?: { prototype: object } }).FontFaceSet?.prototype;
    for (const prop of ['check', 'load', 'forEach', 'values']) wrapFunction(fontSet, prop, `document.fonts.${prop}`);
    wrapGetter(HTMLElement.prototype, 'lang', 'HTMLElement.lang');
    // Same-origin child frames get the same instrumentation the first time their window or document
    // is reached (the driver's own init script may also have run there; install() runs once).
    for (const prop of ['contentWindow', 'contentDocument']) {
      const desc = Object.getOwnPropertyDescriptor(window.HTMLIFrameElement.prototype, prop);
      if (!desc?.get) continue;
      const get = desc.get;
      Object.defineProperty(window.HTMLIFrameElement.prototype, prop, {
        ...desc,
        get: function (this: HTMLIFrameElement) {
          const value = get.call(this) as Window | Document | null;
          const child = value && 'defaultView' in value ? value.defaultView : value;
          try {
            if (child) install(child as Window & typeof globalThis);
          } catch {
            /* cross-origin: not the SDK's frame */
          }
          return value;
        },
      });
    }
  };
  install(window);
}

/** The instrumentation as a script string for init scripts. */
export const PASSIVE_READS_SCRIPT = `(${instrumentPassiveReads.toString()})();`;
