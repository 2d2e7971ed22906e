/**
 * The fill gate: where the in-page box decides whether a click (or the shortcut) may fill, and
 * nothing else. Pure — no DOM, no timers: the box reports what it observed (shown, moved, visibility,
 * a foreign element entering the top layer, tampering) with a timestamp, and asks at activation time
 * with the evidence it measured then (clickjack-checks.ts). A fake clock is all a test needs.
 *
 *   shown ──(ARM_MS unmoved and visible)──▶ armed ──(activation, all checks pass)──▶ confirmed
 *     ▲                                       │
 *     └──── any move, visibility change, foreign top-layer entry (re-arm) ◀───┘
 *   any state ──(tamper)──▶ blocked (for good: the page touched our host)
 *
 * Why these checks (DOM-based extension clickjacking, DEF CON 33): a page can make the box
 * invisible (opacity/filter on html/body), slide it under the pointer just before a click, or
 * cover it with its own top-layer element; pointer-events:none decoys do not show up in
 * elementsFromPoint, so what counts is what the user could see, for long enough, unmoved.
 */

/** Milliseconds the box must stay visible and unmoved before an activation counts. */
export const ARM_MS = 400;
/** A foreign top-layer entry this recent refuses the activation (Proton Pass uses 150 ms). */
export const FOREIGN_TOP_LAYER_MS = 150;
/** Lowest opacity of the host and every ancestor (incl. html/body) at which the box counts as seen. */
export const MIN_OPACITY = 0.9;
/** Foreign top-layer entries after which the box stops re-taking the top layer and blocks fills. */
export const MAX_RETAKES = 3;

/** A box position in viewport pixels. */
export interface BoxRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the gate is. */
export type GatePhase = 'shown' | 'armed' | 'confirmed' | 'blocked';

/** The gate's whole state (immutable; every step returns a new one). */
export interface GateState {
  /** 'armed' is derived from time (see phaseAt); stored phases are these three. */
  phase: 'shown' | 'confirmed' | 'blocked';
  /** When the current arm period started (show, last move, last visibility regain). */
  since: number;
  rect: BoxRect | null;
  visible: boolean;
  /** When a foreign element last entered the top layer (−∞: never). */
  lastForeignTopLayer: number;
  retakes: number;
  /** Why the gate blocked, for the box's message. */
  blockedBecause?: string;
}

/** What the box observed. */
export type GateEvent =
  | { type: 'shown'; at: number; rect: BoxRect }
  | { type: 'layout'; at: number; rect: BoxRect }
  | { type: 'visibility'; at: number; visible: boolean }
  | { type: 'foreignTopLayer'; at: number }
  | { type: 'tampered'; at: number; what: string };

/** What the box measured at the moment of the click or shortcut. */
export interface ActivationEvidence {
  at: number;
  /** The host is still an open popover and nothing foreign is open above it. */
  hostLastInTopLayer: boolean;
  /** Lowest opacity on the host's chain (host, ancestors, html, body). */
  minOpacity: number;
  /** A filter, transform, non-normal blend mode, clip or mask on that chain (its description), or null. */
  styleTamper: string | null;
  /** The box's rect now. */
  rect: BoxRect;
  /** IntersectionObserver v2 (Chromium): true/false; null where the browser cannot tell (Firefox). */
  occlusionFreeSinceArm: boolean | null;
}

/** Why an activation was refused. */
export type RefusalReason = 'blocked' | 'not-armed' | 'not-visible' | 'moved' | 'top-layer' | 'transparent' | 'styled' | 'occluded';

/** The gate's answer to an activation. */
export type Verdict = { ok: true } | { ok: false; reason: RefusalReason };

/** A fresh gate for a box shown at `at`. */
export function initialGate(at: number, rect: BoxRect): GateState {
  return { phase: 'shown', since: at, rect, visible: true, lastForeignTopLayer: -Infinity, retakes: 0 };
}

function sameRect(a: BoxRect | null, b: BoxRect | null): boolean {
  if (!a || !b) return a === b;
  // Sub-pixel jitter (zoom, rounding) is not a move; anything a pointer could notice is.
  return Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.width - b.width) < 1 && Math.abs(a.height - b.height) < 1;
}

/** Applies one observation. */
export function gateStep(state: GateState, event: GateEvent): GateState {
  if (state.phase === 'blocked') return state;
  switch (event.type) {
    case 'shown':
      return initialGate(event.at, event.rect);
    case 'layout':
      return sameRect(state.rect, event.rect) ? state : { ...state, phase: 'shown', since: event.at, rect: event.rect };
    case 'visibility':
      if (event.visible === state.visible) return state;
      return { ...state, phase: 'shown', visible: event.visible, since: event.at };
    case 'foreignTopLayer': {
      const retakes = state.retakes + 1;
      if (retakes > MAX_RETAKES) return { ...state, phase: 'blocked', retakes, blockedBecause: 'the page keeps covering the suggestion' };
      return { ...state, phase: 'shown', since: event.at, lastForeignTopLayer: event.at, retakes };
    }
    case 'tampered':
      return { ...state, phase: 'blocked', blockedBecause: event.what };
  }
}

/** The phase at time `now` ('armed' once ARM_MS passed unmoved and visible). */
export function phaseAt(state: GateState, now: number): GatePhase {
  if (state.phase !== 'shown') return state.phase;
  return state.visible && now - state.since >= ARM_MS ? 'armed' : 'shown';
}

/**
 * Decides an activation. Every check must pass; the first failure is the reason. A refusal leaves
 * the gate as it was (the box re-arms on its own once the page behaves), a pass confirms it.
 */
export function gateActivate(state: GateState, evidence: ActivationEvidence): { state: GateState; verdict: Verdict } {
  const refuse = (reason: RefusalReason) => ({ state, verdict: { ok: false, reason } as Verdict });
  if (state.phase === 'blocked') return refuse('blocked');
  if (state.phase === 'confirmed') return refuse('not-armed'); // one activation per shown box
  if (!state.visible) return refuse('not-visible');
  if (!sameRect(state.rect, evidence.rect)) return refuse('moved');
  if (phaseAt(state, evidence.at) !== 'armed') return refuse('not-armed');
  if (!evidence.hostLastInTopLayer || evidence.at - state.lastForeignTopLayer < FOREIGN_TOP_LAYER_MS) return refuse('top-layer');
  if (!(evidence.minOpacity >= MIN_OPACITY)) return refuse('transparent');
  if (evidence.styleTamper !== null) return refuse('styled');
  if (evidence.occlusionFreeSinceArm === false) return refuse('occluded');
  return { state: { ...state, phase: 'confirmed' }, verdict: { ok: true } };
}
