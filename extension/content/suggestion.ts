/**
 * The inline suggestion shown under a focused one-time-code field: issuer + "Fill code", or, when
 * no account is bound to the site, only "Use another account…" (pick → explicit confirmation).
 *
 * Privacy/safety by construction:
 * - Rendered in a CLOSED shadow root on a plain <div> host (a custom element name could be
 *   pre-defined by the page), so the page can neither style nor read it; the host's own layout is
 *   pinned with inline !important styles set through CSSOM (never blocked by the page's CSP).
 * - It never shows or holds a code: only issuer/label. The code enters the page only by fill.ts.
 * - Every action requires `event.isTrusted` (a real click, or Enter/Space on a focused button);
 *   events are stopped at the shadow boundary so page listeners never see them.
 * - The bind confirmation ignores clicks in its first CONFIRM_ARM_MS (clickjacking: a page cannot
 *   pop the dialog under a click the user aimed elsewhere).
 */
import { format, pickLocale, stringsFor, type SuggestionStrings } from './suggestion-strings';

/** An account as the suggestion may show it: names only, never a secret or code. */
export interface SuggestedAccount {
  id: string;
  issuer: string;
  label: string;
}

/** What to offer: the bound accounts (possibly none), or that the vault is locked. */
export type SuggestionModel = { kind: 'accounts'; accounts: SuggestedAccount[] } | { kind: 'locked' };

/** What the suggestion asks its owner to do; each runs only after a trusted user gesture. Throw to show an error. */
export interface SuggestionActions {
  fill(accountId: string): Promise<void>;
  listOtherAccounts(): Promise<{ site: string; accounts: SuggestedAccount[] }>;
  bindAndFill(accountId: string): Promise<void>;
  /** Called once when the suggestion goes away (blur, Escape, scroll away, after a fill). */
  closed(): void;
}

/** A shown suggestion. */
export interface SuggestionHandle {
  /** Removes it and every listener it installed. */
  close(): void;
  /** True for the host element (what page-level events are retargeted to). */
  owns(node: EventTarget | null): boolean;
  /** Fills with the first bound account (keyboard shortcut); false when there is none. */
  fillFirst(): boolean;
}

/** Milliseconds the bind confirmation stays unclickable after it appears. */
export const CONFIRM_ARM_MS = 500;

const STYLE = `
:host { all: initial; }
.box:focus { outline: none; }
.box { font: 13px/1.35 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #8a8a99;
  border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 6px; min-width: 220px; max-width: 340px; }
.brand { font-size: 11px; color: #55556a; padding: 2px 6px 4px; display: flex; justify-content: space-between; gap: 8px; }
button { all: unset; box-sizing: border-box; display: flex; width: 100%; gap: 8px; justify-content: space-between;
  align-items: center; padding: 6px 8px; border-radius: 6px; cursor: pointer; }
button:hover, button:focus-visible { background: #e8ecff; outline: 2px solid #3355dd; outline-offset: -2px; }
button[aria-disabled="true"] { opacity: .5; cursor: default; }
.action { color: #2344c4; font-weight: 600; white-space: nowrap; }
.name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.label { color: #55556a; }
p { margin: 4px 6px 8px; }
h2 { font-size: 13px; margin: 2px 6px 6px; }
.row { display: flex; gap: 6px; } .row button { justify-content: center; }
.primary { background: #2344c4; color: #fff; }
.error { color: #a01818; }
`;

const HOST_STYLE: Record<string, string> = {
  all: 'initial', position: 'fixed', 'z-index': '2147483647', display: 'block', margin: '0', padding: '0',
  border: '0', width: 'auto', height: 'auto', transform: 'none', opacity: '1', visibility: 'visible', 'pointer-events': 'auto',
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

/** Shows the suggestion under `anchor`; returns a handle. The caller closes any previous one first. */
export function showSuggestion(anchor: HTMLInputElement, model: SuggestionModel, actions: SuggestionActions): SuggestionHandle {
  const doc = anchor.ownerDocument;
  const win = doc.defaultView ?? window;
  const t: SuggestionStrings = stringsFor(pickLocale(win.navigator.languages ?? [win.navigator.language]));
  const host = doc.createElement('div');
  for (const [prop, value] of Object.entries(HOST_STYLE)) host.style.setProperty(prop, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = el(doc, 'style', {}, STYLE);
  const box = el(doc, 'div', { class: 'box', role: 'group', 'aria-label': t.region, tabindex: '-1' });
  shadow.append(style, box);
  let open = true;
  let busy = false;

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
      if (!event.isTrusted || busy || b.getAttribute('aria-disabled') === 'true') return;
      // Keyboard users: keep focus inside the shadow while the view is replaced.
      if (shadow.activeElement === b) box.focus({ preventScroll: true });
      onActivate();
    });
    return b;
  }

  function header(): HTMLElement {
    const head = el(doc, 'div', { class: 'brand' });
    head.append(el(doc, 'span', {}, 'Twofold'), el(doc, 'span', {}, t.hint));
    return head;
  }

  function run(task: () => Promise<void>): void {
    busy = true;
    task().then(
      () => { busy = false; close(); },
      (err: unknown) => {
        busy = false;
        if (!open) return;
        const reason = err instanceof Error ? err.message : String(err);
        box.replaceChildren(header(), el(doc, 'p', { class: 'error', role: 'alert' }, format(t.failed, { reason })));
      },
    );
  }

  function renderAccounts(accounts: SuggestedAccount[]): void {
    const items = accounts.map((a) =>
      button([el(doc, 'span', { class: 'name' }, displayName(a)), el(doc, 'span', { class: 'action' }, t.fillCode)], () => run(() => actions.fill(a.id)), {
        'aria-label': `${t.fillCode}: ${displayName(a)}`,
      }),
    );
    if (accounts.length === 0) items.push(button([el(doc, 'span', { class: 'action' }, t.useAnother)], () => void renderPicker()));
    box.replaceChildren(header(), ...items);
  }

  async function renderPicker(): Promise<void> {
    busy = true;
    try {
      const { site, accounts } = await actions.listOtherAccounts();
      if (!open) return;
      const list = accounts.map((a) => button([el(doc, 'span', { class: 'name' }, displayName(a))], () => renderConfirm(site, a)));
      box.replaceChildren(header(), el(doc, 'h2', {}, format(t.pickTitle, { site })), ...(list.length ? list : [el(doc, 'p', {}, t.noAccounts)]));
      list[0]?.focus();
    } catch (err) {
      if (open) box.replaceChildren(header(), el(doc, 'p', { class: 'error', role: 'alert' }, format(t.failed, { reason: err instanceof Error ? err.message : String(err) })));
    } finally {
      busy = false;
    }
  }

  function renderConfirm(site: string, account: SuggestedAccount): void {
    const ok = button([t.confirm], () => run(() => actions.bindAndFill(account.id)), { class: 'primary', 'aria-disabled': 'true' });
    const cancel = button([t.cancel], () => close());
    const row = el(doc, 'div', { class: 'row' });
    row.append(cancel, ok);
    const values = { account: displayName(account), site, issuer: account.issuer || account.label };
    box.replaceChildren(
      header(),
      el(doc, 'h2', { id: 'confirm-title' }, format(t.confirmTitle, values)),
      el(doc, 'p', {}, format(t.confirmBody, values)),
      row,
    );
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-labelledby', 'confirm-title');
    cancel.focus();
    win.setTimeout(() => ok.removeAttribute('aria-disabled'), CONFIRM_ARM_MS);
  }

  // Layout: fixed under the anchor; gone when the anchor scrolls out of view or is removed.
  let frame = 0;
  const place = () => {
    frame = 0;
    if (!open) return;
    const r = anchor.getBoundingClientRect();
    const visible = anchor.isConnected && r.width > 0 && r.bottom > 0 && r.top < win.innerHeight && r.right > 0 && r.left < win.innerWidth;
    if (!visible) return close();
    host.style.setProperty('top', `${Math.round(Math.min(r.bottom + 4, win.innerHeight - 40))}px`, 'important');
    host.style.setProperty('left', `${Math.round(Math.max(4, Math.min(r.left, win.innerWidth - 240)))}px`, 'important');
  };
  const schedulePlace = () => { if (!frame) frame = win.requestAnimationFrame(place); };

  // Keyboard and focus: ↓ from the field enters the list, Esc closes, leaving both closes.
  const onAnchorKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.stopPropagation(); close(); }
    else if (e.key === 'ArrowDown' && buttons().length) { e.preventDefault(); focusButton(1); }
  };
  const onBoxKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { close(); anchor.focus(); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); focusButton(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); focusButton(-1); }
  };
  // Focus is "ours" while it is on the field or anywhere in the shadow (then the page sees the host
  // as active). Checked after the focus change settles: re-rendering removes the focused button.
  const stillFocused = () => doc.activeElement === host || (anchor.getRootNode() as Document | ShadowRoot).activeElement === anchor;
  const checkFocusSoon = () => win.setTimeout(() => { if (open && !busy && !stillFocused()) close(); }, 0);
  const onAnchorBlur = checkFocusSoon;
  const onBoxFocusOut = checkFocusSoon;
  // Mouse use keeps the caret in the field (like a native autocomplete list); the click still lands.
  const keepFocus = (e: Event) => e.preventDefault();
  const stop = (e: Event) => e.stopPropagation();

  anchor.addEventListener('keydown', onAnchorKey, true);
  anchor.addEventListener('blur', onAnchorBlur);
  box.addEventListener('keydown', onBoxKey);
  box.addEventListener('focusout', onBoxFocusOut);
  box.addEventListener('mousedown', keepFocus);
  for (const type of ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress', 'input', 'focusin', 'focusout']) {
    box.addEventListener(type, stop);
  }
  win.addEventListener('scroll', schedulePlace, { capture: true, passive: true });
  win.addEventListener('resize', schedulePlace, { passive: true });

  function close(): void {
    if (!open) return;
    open = false;
    anchor.removeEventListener('keydown', onAnchorKey, true);
    anchor.removeEventListener('blur', onAnchorBlur);
    win.removeEventListener('scroll', schedulePlace, { capture: true });
    win.removeEventListener('resize', schedulePlace);
    if (frame) win.cancelAnimationFrame(frame);
    host.remove();
    actions.closed();
  }

  if (model.kind === 'locked') box.replaceChildren(header(), el(doc, 'p', { role: 'status' }, t.locked));
  else renderAccounts(model.accounts);
  (doc.body ?? doc.documentElement).append(host);
  place();

  return {
    close,
    owns: (node) => node === host,
    fillFirst: () => {
      if (model.kind !== 'accounts' || busy || !open) return false;
      const first = model.accounts[0];
      if (!first) return false;
      run(() => actions.fill(first.id));
      return true;
    },
  };
}
