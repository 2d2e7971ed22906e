/**
 * The private channel between the MAIN-world fingerprint detector and the isolated-world bridge.
 *
 * Both scripts run at document_start, before any page script, but in an order neither controls.
 * The detector picks a random event name per page load and announces it with a fixed-name event;
 * the bridge binds to the first well-formed name and acknowledges with that name, after which the
 * detector stops answering. If the detector ran first, the bridge's `hello` makes it announce again.
 * Page scripts only run after this handshake, so they cannot learn the name to listen to (or to
 * cancel) the batches: the name lives only in the detector's closure and the bridge's, captured
 * before any page script ran. Residual risk: a MAIN-world script's state is reachable by page
 * scripts that run after it in ways the detector cannot fully close (e.g. a page that runs before
 * the content scripts of a frame it creates synchronously can answer that frame's handshake
 * first). That only ever lets a page forge or hide observations about ITSELF (which it can also
 * do by simply fingerprinting): the background files every batch under the sending frame's real
 * origin, never anything in the message, so a cross-origin frame cannot file under its embedder.
 * Child frames without an http(s) URL relay to their parent's bridge through the isolated world
 * (listenForRelays), never through page events.
 */

/** Fixed-name event carrying the per-load channel name (detector → bridge). */
export const FP_ANNOUNCE_EVENT = 'twofold:fp-channel';
/** Fixed-name event asking the detector to announce again (bridge → detector). */
export const FP_HELLO_EVENT = 'twofold:fp-hello';
/** Fixed-name event acknowledging the bound channel name (bridge → detector). */
export const FP_BOUND_EVENT = 'twofold:fp-bound';
/**
 * Name of the isolated-world property through which the bridge of an about:blank/about:srcdoc/blob:
 * child frame hands a batch to its parent frame's bridge: the background only accepts messages from
 * http(s) frames (the router's content tier), and such frames are often removed right after use
 * (e.g. FingerprintJS probes fonts in a srcdoc iframe it deletes). The property lives on the
 * parent's window as the extension's isolated world sees it: page scripts (the MAIN world) can
 * neither see nor define it, so they cannot plant batches through it, unlike a page event.
 */
export const FP_RELAY_PROPERTY = '__twofoldFpRelay';
/** Shape of a channel name: a prefix plus 128 random bits in hex. */
export const FP_CHANNEL_PATTERN = /^twofold-fp-[0-9a-f]{32}$/;

/** The DOM primitives the detector side uses, captured before page scripts could replace them. */
export interface ChannelPrimitives {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatch(type: string, detail: string | undefined): void;
  randomHex(bytes: number): string;
}

/** The detector's end: `send` dispatches one JSON batch; false while no bridge has bound. */
export interface DetectorChannel {
  readonly name: string;
  isBound(): boolean;
  send(json: string): boolean;
}

/** Opens the detector's end of the channel and runs its half of the handshake. */
export function openDetectorChannel(prims: ChannelPrimitives): DetectorChannel {
  const name = `twofold-fp-${prims.randomHex(16)}`;
  let bound = false;
  const announce = () => prims.dispatch(FP_ANNOUNCE_EVENT, name);
  const onBound = (event: Event) => {
    if (bound || (event as CustomEvent<unknown>).detail !== name) return;
    bound = true;
    prims.removeEventListener(FP_HELLO_EVENT, announce);
    prims.removeEventListener(FP_BOUND_EVENT, onBound);
  };
  prims.addEventListener(FP_HELLO_EVENT, announce);
  prims.addEventListener(FP_BOUND_EVENT, onBound);
  announce();
  return {
    name,
    isBound: () => bound,
    send(json) {
      if (!bound) return false;
      prims.dispatch(name, json);
      return true;
    },
  };
}

/**
 * The bridge's end: binds to the first announced channel on `target` and calls `onMessage` with
 * each raw JSON string (unvalidated: the caller validates). Returns a function that stops listening.
 */
export function listenForDetector(target: Window, onMessage: (json: string) => void): () => void {
  let bound: string | null = null;
  const onBatch = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail === 'string') onMessage(detail);
  };
  const onAnnounce = (event: Event) => {
    const name = (event as CustomEvent<unknown>).detail;
    if (bound !== null || typeof name !== 'string' || !FP_CHANNEL_PATTERN.test(name)) return;
    bound = name;
    target.removeEventListener(FP_ANNOUNCE_EVENT, onAnnounce);
    target.addEventListener(name, onBatch);
    target.dispatchEvent(new CustomEvent(FP_BOUND_EVENT, { detail: name }));
  };
  target.addEventListener(FP_ANNOUNCE_EVENT, onAnnounce);
  target.dispatchEvent(new CustomEvent(FP_HELLO_EVENT));
  return () => {
    target.removeEventListener(FP_ANNOUNCE_EVENT, onAnnounce);
    if (bound !== null) target.removeEventListener(bound, onBatch);
  };
}

/** Fixed-name events of the Firefox relay (see listenForRelays): key request, key, batch. */
export const FP_RELAY_HELLO_EVENT = 'twofold:fp-relay-hello';
export const FP_RELAY_KEY_EVENT = 'twofold:fp-relay-key';
export const FP_RELAY_EVENT = 'twofold:fp-relay';

/**
 * Whether objects this content script puts in an event's `detail` stay unreadable to page scripts:
 * true in Firefox, whose content scripts run behind Xray wrappers (a page reading such a detail gets
 * "Permission denied"; `cloneInto`, which exists only in Firefox content scripts, is how one would
 * share it on purpose). Chromium content-script globals are not shared across frames in Firefox,
 * so there the relay needs these private details instead of FP_RELAY_PROPERTY.
 */
export function detailsArePrivate(): boolean {
  return typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function';
}

const randomKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Accepts batches relayed by the bridges of same-origin child frames without an http(s) URL.
 * Chromium: via FP_RELAY_PROPERTY on `self` (the extension's isolated world, shared by a tab's
 * same-origin frames; page scripts can neither see nor define it). Firefox (each frame's content
 * script has its own sandbox, so that property is not shared): a per-document random key, handed
 * to a child's bridge only inside a privileged event detail the page cannot read; a relayed batch
 * counts only with that key, so page-dispatched `twofold:fp-relay` events are ignored.
 * Returns a function that stops accepting.
 */
export function listenForRelays(self: Window, onMessage: (json: string) => void): () => void {
  const relay = (json: unknown) => {
    if (typeof json === 'string') onMessage(json);
  };
  Object.defineProperty(self, FP_RELAY_PROPERTY, { value: relay, configurable: true, enumerable: false, writable: false });
  const stopProperty = () => void delete (self as unknown as Record<string, unknown>)[FP_RELAY_PROPERTY];
  if (!detailsArePrivate()) return stopProperty;
  const key = randomKey();
  const onHello = (event: Event) => {
    try {
      const child = ((event as CustomEvent<unknown>).detail as { child?: unknown } | null)?.child as Window | undefined;
      // Only a child frame of this window can get the key (a page naming another window gets nothing).
      if (!child || child.parent !== self || child === self) return;
      child.dispatchEvent(new CustomEvent(FP_RELAY_KEY_EVENT, { detail: { key } }));
    } catch {
      // A page-made detail that throws on access: ignore it.
    }
  };
  const onRelay = (event: Event) => {
    try {
      const detail = (event as CustomEvent<unknown>).detail as { key?: unknown; json?: unknown } | null;
      if (detail?.key === key) relay(detail.json);
    } catch {
      // As above.
    }
  };
  self.addEventListener(FP_RELAY_HELLO_EVENT, onHello, true);
  self.addEventListener(FP_RELAY_EVENT, onRelay, true);
  return () => {
    stopProperty();
    self.removeEventListener(FP_RELAY_HELLO_EVENT, onHello, true);
    self.removeEventListener(FP_RELAY_EVENT, onRelay, true);
  };
}

/** Most relay keys a child keeps (a page can dispatch key events of its own; the parent accepts only its real one). */
const MAX_RELAY_KEYS = 4;

/**
 * The child frame's end: returns a function handing a batch to the parent frame's bridge (false
 * when none is reachable: no parent, cross-origin, no bridge). In Firefox it asks the parent for
 * its key first (synchronously: the parent answers inside the dispatch).
 */
export function openRelayToParent(self: Window): (json: string) => boolean {
  const keys: string[] = [];
  if (detailsArePrivate() && self.parent !== self) {
    self.addEventListener(
      FP_RELAY_KEY_EVENT,
      (event) => {
        try {
          const key = ((event as CustomEvent<unknown>).detail as { key?: unknown } | null)?.key;
          if (typeof key === 'string' && keys.length < MAX_RELAY_KEYS && !keys.includes(key)) keys.push(key);
        } catch {
          // A page-made detail: ignore it.
        }
      },
      true,
    );
    try {
      self.parent.dispatchEvent(new CustomEvent(FP_RELAY_HELLO_EVENT, { detail: { child: self } }));
    } catch {
      // A cross-origin parent: nowhere to relay to.
    }
  }
  return (json) => {
    try {
      if (self.parent === self) return false;
      const relay = (self.parent as unknown as Record<string, unknown>)[FP_RELAY_PROPERTY];
      if (typeof relay === 'function') {
        (relay as (json: string) => void)(json);
        return true;
      }
      for (const key of keys) self.parent.dispatchEvent(new CustomEvent(FP_RELAY_EVENT, { detail: { key, json } }));
      return keys.length > 0;
    } catch {
      return false; // a cross-origin parent: nowhere to relay to
    }
  };
}
