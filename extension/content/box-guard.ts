/**
 * The in-page box's eyes: puts the host in the top layer (`popover="manual"`, shown last, so no
 * ordinary page element can paint over it), watches what could hide or cover it, and measures the
 * evidence the pure gate (fill-gate.ts) decides on. It decides nothing itself.
 *   - top layer: a foreign popover/dialog/fullscreen element entering after ours is above it; we
 *     re-take the top layer (hide + show) and tell the gate, which re-arms and, after repeated
 *     entries, blocks (Bitwarden's re-take with a limit; Proton Pass's 150 ms rule);
 *   - tampering: the page changing our host's attributes, closing its popover or removing it is
 *     reported once, and the owner closes the box and blocks fills on this page;
 *   - style chain: opacity (product) and filter/transform/blend/clip/mask on the host and every
 *     ancestor up to html, read at activation time;
 *   - IntersectionObserver v2 (Chromium): `isVisible` with trackVisibility, which also sees
 *     occlusion by pointer-events:none overlays; Firefox has no v2, so there the evidence is null.
 */
import type { ActivationEvidence, BoxRect, GateEvent } from './fill-gate';

/** What the guard reports. */
export interface BoxGuardHooks {
  observe(event: GateEvent): void;
}

/** A running guard over one shown host. */
export interface BoxGuard {
  /** Measures everything the gate needs, now. */
  evidence(): ActivationEvidence;
  /** The host's rect (for layout events after we moved it). */
  rect(): BoxRect;
  /** Runs our own change to the host (placing it) without it counting as tampering. */
  ours(change: () => void): void;
  /** Stops every observer (our own close: not tampering). */
  stop(): void;
}

const TOP_LAYER_SELECTOR = ':popover-open, :modal, :fullscreen';

function openTopLayer(doc: Document): Element[] {
  try {
    return [...doc.querySelectorAll(TOP_LAYER_SELECTOR)];
  } catch {
    // An engine without one of the pseudo-classes: fall back to what it does know.
    return [...doc.querySelectorAll('dialog[open]')];
  }
}

/** True when `el` is an open popover (false where the engine lacks the pseudo-class). */
function isOpenPopover(el: Element): boolean {
  try {
    return el.matches(':popover-open');
  } catch {
    return false;
  }
}

function toRect(r: DOMRect): BoxRect {
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/** Opacity product and the first style on the host's chain that can hide or distort it. */
export function styleChain(host: Element): { minOpacity: number; styleTamper: string | null } {
  const win = host.ownerDocument.defaultView;
  if (!win) return { minOpacity: 0, styleTamper: 'no window' };
  let opacity = 1;
  let tamper: string | null = null;
  for (let node: Element | null = host; node; node = node.parentElement) {
    const style = win.getComputedStyle(node);
    opacity *= Number.parseFloat(style.opacity || '1');
    const name = node === host ? 'the suggestion' : `<${node.localName}>`;
    if (tamper) continue;
    if (style.filter && style.filter !== 'none') tamper = `${name} has filter ${style.filter}`;
    else if (node !== host && style.transform && style.transform !== 'none') tamper = `${name} is transformed`;
    else if (style.mixBlendMode && style.mixBlendMode !== 'normal') tamper = `${name} has blend mode ${style.mixBlendMode}`;
    else if (style.clipPath && style.clipPath !== 'none') tamper = `${name} is clipped`;
    else if ((style.getPropertyValue('mask-image') || 'none') !== 'none') tamper = `${name} is masked`;
    else if (node === host && style.visibility !== 'visible') tamper = 'the suggestion is hidden';
    else if (node !== host && (style.getPropertyValue('content-visibility') || 'visible') === 'hidden') tamper = `${name} skips rendering its content`;
  }
  return { minOpacity: opacity, styleTamper: tamper };
}

/** Puts `host` (already in the document) in the top layer and starts watching. */
export function guardBox(host: HTMLElement, now: () => number, hooks: BoxGuardHooks): BoxGuard {
  const doc = host.ownerDocument;
  const win = doc.defaultView ?? window;
  let stopped = false;
  let ourToggle = false;
  let occlusionFree: boolean | null = null;

  const show = () => {
    ourToggle = true;
    try {
      // Without the Popover API (very old engines) the host never counts as last in the top layer.
      if (typeof host.showPopover !== 'function') return;
      if (isOpenPopover(host)) host.hidePopover();
      host.showPopover();
    } finally {
      ourToggle = false;
    }
  };
  show();
  // Already open when we arrived: they are below us now (we were shown last).
  const known = new Set(openTopLayer(doc).filter((e) => e !== host));

  const tampered = (what: string) => {
    if (stopped) return;
    hooks.observe({ type: 'tampered', at: now(), what });
  };

  // The page touching the host (style, popover attribute, removal, closing the popover).
  const inspect = (records: MutationRecord[]) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target === host) return tampered(`the page changed the suggestion's ${r.attributeName}`);
      if (r.type === 'childList' && [...r.removedNodes].includes(host)) return tampered('the page removed the suggestion');
    }
  };
  const hostWatch = new MutationObserver(inspect);
  hostWatch.observe(host, { attributes: true });
  if (host.parentNode) hostWatch.observe(host.parentNode, { childList: true });
  const onHostToggle = (event: Event) => {
    if (!ourToggle && (event as Event & { newState?: string }).newState === 'closed') tampered('the page closed the suggestion');
  };
  host.addEventListener('toggle', onHostToggle);

  // Foreign top-layer entries: popovers/dialogs toggling open, dialogs gaining `open`, fullscreen.
  const foreignEntered = () => {
    if (stopped) return;
    const open = openTopLayer(doc).filter((e) => e !== host && !known.has(e));
    if (open.length === 0 && !doc.fullscreenElement) return;
    for (const e of open) known.add(e);
    hooks.observe({ type: 'foreignTopLayer', at: now() });
    if (host.isConnected) show(); // re-take the top layer
  };
  // A foreign popover (re-)opening is above us, even one we saw before: every opening counts.
  const onToggle = (event: Event) => {
    if (stopped || event.target === host || (event as Event & { newState?: string }).newState !== 'open') return;
    if (event.target instanceof Element) known.add(event.target);
    hooks.observe({ type: 'foreignTopLayer', at: now() });
    if (host.isConnected) show();
  };
  doc.addEventListener('toggle', onToggle, true);
  doc.addEventListener('fullscreenchange', foreignEntered, true);
  const pageWatch = new MutationObserver(foreignEntered);
  pageWatch.observe(doc.documentElement, { attributes: true, attributeFilter: ['open', 'popover'], subtree: true });

  // IntersectionObserver v2 (Chromium): isVisible covers occlusion, opacity, filters and transforms.
  let io: IntersectionObserver | null = null;
  const entryProto = (win as { IntersectionObserverEntry?: { prototype: object } }).IntersectionObserverEntry?.prototype;
  if (entryProto && 'isVisible' in entryProto) {
    occlusionFree = true;
    io = new win.IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const visible = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
          if (!visible) occlusionFree = false;
          else if (occlusionFree === false) occlusionFree = true; // the gate re-arms on the change
          hooks.observe({ type: 'visibility', at: now(), visible });
        }
      },
      { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    io.observe(host);
  }

  return {
    rect: () => toRect(host.getBoundingClientRect()),
    ours(change) {
      inspect(hostWatch.takeRecords()); // the page's changes before ours still count
      change();
      hostWatch.takeRecords();
    },
    evidence() {
      const foreign = openTopLayer(doc).filter((e) => e !== host && !known.has(e));
      const chain = styleChain(host);
      // A running view transition paints the page's snapshots above everything, the box included.
      const transition = (doc as Document & { activeViewTransition?: unknown }).activeViewTransition ? 'a view transition covers the page' : null;
      const minOpacity = chain.minOpacity;
      const styleTamper = chain.styleTamper ?? transition;
      return {
        at: now(),
        hostLastInTopLayer: host.isConnected && isOpenPopover(host) && foreign.length === 0 && !doc.fullscreenElement,
        minOpacity,
        styleTamper,
        rect: toRect(host.getBoundingClientRect()),
        occlusionFreeSinceArm: occlusionFree,
      };
    },
    stop() {
      stopped = true;
      hostWatch.disconnect();
      pageWatch.disconnect();
      io?.disconnect();
      host.removeEventListener('toggle', onHostToggle);
      doc.removeEventListener('toggle', onToggle, true);
      doc.removeEventListener('fullscreenchange', foreignEntered, true);
    },
  };
}
