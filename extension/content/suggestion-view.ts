/**
 * The inline suggestion's content for one model: the brand line, the account rows or the locked /
 * warning text, the "Use another account…" way out, and the error or refusal message that replaces
 * them. Only renders and reports clicks: whether a click fills is decided by suggestion.ts (the
 * gate), and every click must be trusted to reach it.
 */
import { el } from './suggestion-style';
import { format, type SuggestionStrings } from './suggestion-strings';

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

function displayName(a: SuggestedAccount): string {
  return a.issuer && a.label ? `${a.issuer} (${a.label})` : a.issuer || a.label || '—';
}

/** What the content needs from the suggestion that owns it. */
export interface SuggestionViewHooks {
  /** Whether an action is running: clicks are ignored meanwhile. */
  busy(): boolean;
  /** Whether the suggestion is still shown: a late error is not rendered into a closed box. */
  open(): boolean;
  /** A trusted click on an account's "Fill code" (the owner asks the gate). */
  fill(accountId: string): void;
  /** Opens the extension's bind window ("Use another account…"). */
  openExtensionWindow(): Promise<void>;
}

/** The rendered content: its buttons (keyboard navigation) and the message that replaces it. */
export interface SuggestionView {
  buttons(): HTMLButtonElement[];
  /** Moves focus `delta` buttons on (wrapping); from outside the list, to the first or last. */
  focusButton(delta: number): void;
  /** Replaces the content with an error or refusal text (announced as an alert). */
  showMessage(text: string): void;
}

/** Renders `model` into `box` (inside `shadow`); returns the view. */
export function renderSuggestion(
  shadow: ShadowRoot,
  box: HTMLElement,
  t: SuggestionStrings,
  model: SuggestionModel,
  hooks: SuggestionViewHooks,
): SuggestionView {
  const doc = box.ownerDocument;
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
      if (!event.isTrusted || hooks.busy()) return;
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

  const anotherAccountButton = () =>
    button([el(doc, 'span', { class: 'action' }, t.useAnother)], () => {
      showMessage(t.openedWindow);
      void hooks
        .openExtensionWindow()
        .catch((err: unknown) => hooks.open() && showMessage(format(t.failed, { reason: err instanceof Error ? err.message : String(err) })));
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
        button([el(doc, 'span', { class: 'name' }, displayName(a)), el(doc, 'span', { class: 'action' }, t.fillCode)], () => hooks.fill(a.id), {
          'aria-label': `${t.fillCode}: ${displayName(a)}`,
        }),
      );
    }
    if (model.accounts.length === 0) list.append(anotherAccountButton());
  }
  box.replaceChildren(header(), list);

  return { buttons, focusButton, showMessage };
}
