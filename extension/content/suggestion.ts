/**
 * The inline suggestion shown under a focused one-time-code field: the accounts already bound to
 * this site ("Fill code"), or, when none is, "Use another account…", which only opens the
 * extension's own bind window (binding never happens inside a page).
 *
 * Safety by construction:
 * - Rendered in a CLOSED shadow root on a plain <div> host (a custom element name could be
 *   pre-defined by the page), pinned with inline !important styles set through CSSOM, and put in the
 *   top layer as `popover="manual"` (box-guard.ts), so no ordinary page element paints over it.
 * - It never shows or holds a code: only issuer/label. The code enters the page only by fill.ts.
 * - Every action requires `event.isTrusted`; a fill (click, Enter, or the shortcut) also needs the
 *   pure gate's consent (fill-gate.ts): armed (visible and unmoved for ARM_MS), last in the top
 *   layer, opaque and undistorted, and in Chromium not occluded. A refusal fills nothing and falls
 *   back to the extension window; tampering with the host closes the box and blocks the page.
 * - Same size whatever it shows (locked, 1 or 50 accounts: fixed height, internal scroll), so a page
 *   cannot learn the vault state or the number of accounts from the host's box.
 * - Events are stopped at the shadow boundary so page listeners never see them.
 */
import { guardBox, type BoxGuard } from './box-guard';
import { gateActivate, gateStep, initialGate, type GateState, type RefusalReason } from './fill-gate';
import { format, pickLocale, stringsFor, type SuggestionStrings } from './suggestion-strings';
import { BOX_HEIGHT, BOX_WIDTH, HOST_STYLE, SHADOW_CSS, el } from './suggestion-style';
import { renderSuggestion, type SuggestionModel } from './suggestion-view';

export { BOX_HEIGHT, BOX_WIDTH } from './suggestion-style';
export type { SuggestedAccount, SuggestionModel } from './suggestion-view';

/** What the suggestion asks its owner to do; each runs only after a trusted user gesture. Throw to show an error. */
export interface SuggestionActions {
  fill(accountId: string): Promise<void>;
  /** Opens the extension's bind window ("Use another account…", and the fallback when a fill is refused). */
  openExtensionWindow(): Promise<void>;
  /** The page tampered with the box: block fills on this page. */
  blocked(reason: string): void;
  /** Called once when the suggestion goes away (blur, Escape, scroll away, after a fill). */
  closed(): void;
}

/** A shown suggestion. */
export interface SuggestionHandle {
  /** Removes it and every listener it installed. */
  close(): void;
  /** True for the host element (what page-level events are retargeted to). */
  owns(node: EventTarget | null): boolean;
  /** The fill shortcut: fills the first bound account if the gate agrees; false when there is none. */
  fillFirst(): boolean;
}

/** Clock and guard, replaceable in tests (a fake clock; a guard without a browser's top layer). */
export interface SuggestionOptions {
  now?: () => number;
  guard?: typeof guardBox;
}

/** Shows the suggestion under `anchor`; returns a handle. The caller closes any previous one first. */
export function showSuggestion(
  anchor: HTMLInputElement,
  model: SuggestionModel,
  actions: SuggestionActions,
  options: SuggestionOptions = {},
): SuggestionHandle {
  const now = options.now ?? (() => performance.now());
  const doc = anchor.ownerDocument;
  const win = doc.defaultView ?? window;
  const t: SuggestionStrings = stringsFor(pickLocale(win.navigator.languages ?? [win.navigator.language]));
  const host = doc.createElement('div');
  for (const [prop, value] of Object.entries(HOST_STYLE)) host.style.setProperty(prop, value, 'important');
  host.setAttribute('popover', 'manual');
  const shadow = host.attachShadow({ mode: 'closed' });
  const box = el(doc, 'div', { class: 'box', role: 'group', 'aria-label': t.region, tabindex: '-1' });
  shadow.append(el(doc, 'style', {}, SHADOW_CSS), box);
  let open = true;
  let busy = false;
  let gate: GateState = initialGate(now(), { x: 0, y: 0, width: 0, height: 0 });
  let guard: BoxGuard | null = null;

  function run(task: () => Promise<void>): void {
    busy = true;
    task().then(
      () => {
        busy = false;
        close();
      },
      (err: unknown) => {
        busy = false;
        if (open) showMessage(format(t.failed, { reason: err instanceof Error ? err.message : String(err) }));
      },
    );
  }

  /** Asks the gate; runs `fill` only on its consent. Too early: ignored. Anything else: the extension window. */
  function gatedFill(accountId: string): void {
    if (!guard) return;
    const decision = gateActivate(gate, guard.evidence());
    gate = decision.state;
    if (decision.verdict.ok) {
      run(() => actions.fill(accountId));
      return;
    }
    const reason: RefusalReason = decision.verdict.reason;
    if (reason === 'not-armed') return; // a click that came before the box could be read
    showMessage(format(t.refused, { reason: t.reasons[reason] }));
    void actions.openExtensionWindow().catch(() => undefined);
  }

  const { buttons, focusButton, showMessage } = renderSuggestion(shadow, box, t, model, {
    busy: () => busy,
    open: () => open,
    fill: gatedFill,
    openExtensionWindow: () => actions.openExtensionWindow(),
  });

  // Layout: fixed under the anchor; gone when the anchor scrolls out of view or is removed. Every
  // move is reported to the gate, which re-arms.
  let frame = 0;
  const place = () => {
    frame = 0;
    if (!open) return;
    const r = anchor.getBoundingClientRect();
    const visible = anchor.isConnected && r.width > 0 && r.bottom > 0 && r.top < win.innerHeight && r.right > 0 && r.left < win.innerWidth;
    if (!visible) return close();
    // Below the field when it fits, else above it: never over the field the user is typing into.
    const fitsBelow = r.bottom + 4 + BOX_HEIGHT <= win.innerHeight;
    const fitsAbove = r.top - 4 - BOX_HEIGHT >= 0;
    const top = Math.round(fitsBelow || !fitsAbove ? Math.max(0, Math.min(r.bottom + 4, win.innerHeight - BOX_HEIGHT - 4)) : r.top - 4 - BOX_HEIGHT);
    const left = Math.round(Math.max(4, Math.min(r.left, win.innerWidth - BOX_WIDTH - 4)));
    const apply = () => {
      host.style.setProperty('top', `${top}px`, 'important');
      host.style.setProperty('left', `${left}px`, 'important');
    };
    if (guard) {
      guard.ours(apply);
      gate = gateStep(gate, { type: 'layout', at: now(), rect: guard.rect() });
    } else apply();
  };
  const schedulePlace = () => {
    if (!frame) frame = win.requestAnimationFrame(place);
  };

  // Keyboard and focus: ↓ from the field enters the list, Esc closes, leaving both closes.
  const onAnchorKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' && buttons().length) {
      e.preventDefault();
      focusButton(1);
    }
  };
  const onBoxKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      close();
      anchor.focus();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusButton(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      focusButton(-1);
    }
  };
  // Focus is "ours" while it is on the field or anywhere in the shadow (then the page sees the host
  // as active). Checked after the focus change settles: re-rendering removes the focused button.
  const stillFocused = () => doc.activeElement === host || (anchor.getRootNode() as Document | ShadowRoot).activeElement === anchor;
  const checkFocusSoon = () =>
    win.setTimeout(() => {
      if (open && !busy && !stillFocused()) close();
    }, 0);
  // Mouse use keeps the caret in the field (like a native autocomplete list); the click still lands.
  const keepFocus = (e: Event) => e.preventDefault();
  const stop = (e: Event) => e.stopPropagation();

  anchor.addEventListener('keydown', onAnchorKey, true);
  anchor.addEventListener('blur', checkFocusSoon);
  box.addEventListener('keydown', onBoxKey);
  box.addEventListener('focusout', checkFocusSoon);
  box.addEventListener('mousedown', keepFocus);
  for (const type of ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress', 'input', 'focusin', 'focusout']) {
    box.addEventListener(type, stop);
  }
  win.addEventListener('scroll', schedulePlace, { capture: true, passive: true });
  win.addEventListener('resize', schedulePlace, { passive: true });

  function close(): void {
    if (!open) return;
    open = false;
    guard?.stop();
    anchor.removeEventListener('keydown', onAnchorKey, true);
    anchor.removeEventListener('blur', checkFocusSoon);
    win.removeEventListener('scroll', schedulePlace, { capture: true });
    win.removeEventListener('resize', schedulePlace);
    if (frame) win.cancelAnimationFrame(frame);
    host.remove();
    actions.closed();
  }

  (doc.body ?? doc.documentElement).append(host);
  place();
  if (!open) return { close, owns: () => false, fillFirst: () => false };
  guard = (options.guard ?? guardBox)(host, now, {
    observe(event) {
      gate = gateStep(gate, event);
      if (gate.phase === 'blocked') {
        actions.blocked(gate.blockedBecause ?? 'the page interfered with the suggestion');
        close();
      }
    },
  });
  gate = initialGate(now(), guard.rect());

  return {
    close,
    owns: (node) => node === host,
    fillFirst: () => {
      if (model.kind !== 'accounts' || busy || !open) return false;
      const first = model.accounts[0];
      if (!first) return false;
      gatedFill(first.id);
      return true;
    },
  };
}
