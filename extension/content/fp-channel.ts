/**
 * The private channel between the MAIN-world fingerprint detector and the isolated-world bridge.
 *
 * Both scripts run at document_start, before any page script, but in an order neither controls.
 * The detector picks a random event name per page load and announces it with a fixed-name event;
 * the bridge binds to the first well-formed name and acknowledges with that name, after which the
 * detector stops answering. If the detector ran first, the bridge's `hello` makes it announce again.
 * Page scripts only run after this handshake, so they cannot learn the name to listen to (or to
 * cancel) the batches. A page CAN still dispatch announce/hello events of its own or, where no
 * bridge exists, learn the name; that only lets it forge or hide observations about itself: the
 * background keys every batch by the sender's real origin, never by anything in the message.
 */

/** Fixed-name event carrying the per-load channel name (detector → bridge). */
export const FP_ANNOUNCE_EVENT = 'twofold:fp-channel';
/** Fixed-name event asking the detector to announce again (bridge → detector). */
export const FP_HELLO_EVENT = 'twofold:fp-hello';
/** Fixed-name event acknowledging the bound channel name (bridge → detector). */
export const FP_BOUND_EVENT = 'twofold:fp-bound';
/**
 * Fixed-name event a bridge in an about:blank/about:srcdoc/blob: frame dispatches on its parent
 * window to hand a batch to the parent's bridge: the background only accepts messages from http(s)
 * frames (the router's content tier), and such frames are often removed right after use (e.g.
 * FingerprintJS probes fonts in a srcdoc iframe it deletes). Forgeable by the page like the rest;
 * it can only describe the page's own site.
 */
export const FP_RELAY_EVENT = 'twofold:fp-relay';
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

/**
 * Listens (capture phase, so later page listeners cannot stop it first) for batches relayed by the
 * bridges of child frames without an http(s) URL. Returns a function that stops listening.
 */
export function listenForRelays(target: Window, onMessage: (json: string) => void): () => void {
  const onRelay = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail === 'string') onMessage(detail);
  };
  target.addEventListener(FP_RELAY_EVENT, onRelay, true);
  return () => target.removeEventListener(FP_RELAY_EVENT, onRelay, true);
}

/** Hands a batch to the parent frame's bridge; false when there is no same-origin parent. */
export function relayToParent(self: Window, json: string): boolean {
  try {
    if (self.parent === self) return false;
    self.parent.dispatchEvent(new CustomEvent(FP_RELAY_EVENT, { detail: json }));
    return true;
  } catch {
    return false; // a cross-origin parent: nowhere to relay to
  }
}
