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

/** An account as the suggestion may show it: names only, never a secret or code. */
export interface SuggestedAccount {
  id: string;
  issuer: string;
  label: string;
}

/**
 * What to offer: the bound accounts (possibly none), or that the vault is locked; or a warning with
 * no code: the page's site resembles a bound site (phishing), or the field wants an e-mail/SMS code.
 * Both warnings keep "Use another account…" (the bind window, which warns again) as the way out.
 */
export type SuggestionModel =
  | { kind: 'accounts'; accounts: SuggestedAccount[] }
  | { kind: 'locked' }
  | { kind: 'lookalike'; site: string; resembles: string }
  | { kind: 'not-authenticator' };

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

/** The host's fixed size in CSS pixels (the same for every state: nothing to learn from it). */
export const BOX_WIDTH = 300;
/** See BOX_WIDTH. */
export const BOX_HEIGHT = 152;

const STYLE = `
:host { all: initial; }
.box:focus { outline: none; }
.box { box-sizing: border-box; width: ${BOX_WIDTH}px; height: ${BOX_HEIGHT}px; display: flex; flex-direction: column;
  font: 13px/1.35 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #8a8a99;
  border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 6px; overflow: hidden; }
.list { overflow-y: auto; flex: 1; }
.brand { font-size: 11px; color: #55556a; padding: 2px 6px 4px; display: flex; justify-content: space-between; gap: 8px; }
button { all: unset; box-sizing: border-box; display: flex; width: 100%; gap: 8px; justify-content: space-between;
  align-items: center; padding: 6px 8px; border-radius: 6px; cursor: pointer; }
button:hover, button:focus-visible { background: #e8ecff; outline: 2px solid #3355dd; outline-offset: -2px; }
.action { color: #2344c4; font-weight: 600; white-space: nowrap; }
.name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
p { margin: 4px 6px 8px; }
.error { color: #a01818; }
.warning { margin: 0 0 4px; padding: 4px 6px; border-left: 4px solid #b3261e; background: #fdecea; color: #5c0f0b; border-radius: 4px; }
.warning strong { display: block; }
`;

const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  inset: 'auto',
  'z-index': '2147483647',
  display: 'block',
  margin: '0',
  padding: '0',
  border: '0',
  width: `${BOX_WIDTH}px`,
  height: `${BOX_HEIGHT}px`,
  overflow: 'visible',
  background: 'transparent',
  transform: 'none',
  opacity: '1',
  visibility: 'visible',
  'pointer-events': 'auto',
  filter: 'none',
  'mix-blend-mode': 'normal',
};

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function displayName(a: SuggestedAccount): string {
  return a.issuer && a.label ? `${a.issuer} (${a.label})` : a.issuer || a.label || '—';
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
  shadow.append(el(doc, 'style', {}, STYLE), box);
  let open = true;
  let busy = false;
  let gate: GateState = initialGate(now(), { x: 0, y: 0, width: 0, height: 0 });
  let guard: BoxGuard | null = null;

  const buttons = (): HTMLButtonElement[] => [...box.querySelectorAll('button')];
  const focusButton = (delta: number) => {
    const all = buttons();
    if (all.length === 0) return;
    const at = all.indexOf(shadow.activeElement as HTMLButtonElement);
    const next = at < 0 ? (delta < 0 ? all.length - 1 : 0) : (at + delta + all.length) % all.length;
    all[next]!.focus();
  };

  function button(content: (HTMLElement | string)[], onActivate: () => void, extra: Record<string, string> = {}): HTMLButtonElement {
    const b = el(doc, 'button', { type: 'button', ...extra });
    b.append(...content);
    b.addEventListener('click', (event) => {
      if (!event.isTrusted || busy) return;
      onActivate();
    });
    return b;
  }

  function header(): HTMLElement {
    const head = el(doc, 'div', { class: 'brand' });
    head.append(el(doc, 'span', {}, 'Twofold'), el(doc, 'span', {}, t.hint));
    return head;
  }

  function showMessage(text: string): void {
    if (shadow.activeElement) box.focus({ preventScroll: true });
    box.replaceChildren(header(), el(doc, 'p', { class: 'error', role: 'alert' }, text));
  }

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

  const anotherAccountButton = () =>
    button([el(doc, 'span', { class: 'action' }, t.useAnother)], () => {
      showMessage(t.openedWindow);
      void actions
        .openExtensionWindow()
        .catch((err: unknown) => open && showMessage(format(t.failed, { reason: err instanceof Error ? err.message : String(err) })));
    });
  const list = el(doc, 'div', { class: 'list' });
  if (model.kind === 'locked') list.append(el(doc, 'p', { role: 'status' }, t.locked));
  else if (model.kind === 'lookalike') {
    const warning = el(doc, 'div', { class: 'warning', role: 'alert', 'data-twofold': 'lookalike-warning' });
    warning.append(el(doc, 'strong', {}, t.lookalikeTitle), el(doc, 'span', {}, format(t.lookalike, { site: model.site, resembles: model.resembles })));
    list.append(warning, anotherAccountButton());
  } else if (model.kind === 'not-authenticator') {
    list.append(el(doc, 'p', { class: 'warning', role: 'status', 'data-twofold': 'not-authenticator' }, t.notAuthenticator), anotherAccountButton());
  } else {
    for (const a of model.accounts) {
      list.append(
        button([el(doc, 'span', { class: 'name' }, displayName(a)), el(doc, 'span', { class: 'action' }, t.fillCode)], () => gatedFill(a.id), {
          'aria-label': `${t.fillCode}: ${displayName(a)}`,
        }),
      );
    }
    if (model.accounts.length === 0) list.append(anotherAccountButton());
  }
  box.replaceChildren(header(), list);

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
