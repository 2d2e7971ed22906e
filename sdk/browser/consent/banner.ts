import type { Controller } from '../../protocol/receipt';
import { SIGNAL_CATEGORIES } from '../../protocol/vocabulary';
import type { Locale, SignalInfo } from '../signals/types';
import { BANNER_TEXTS, type BannerTexts, LOCALES } from './texts';

/** What the banner shows and whom it tells about the visitor's answer. */
export interface BannerOptions {
  site: string;
  locale: Locale;
  signals: readonly SignalInfo[];
  controller?: Controller;
  gpc: boolean | null;
  onChoice(choice: 'granted' | 'denied'): void;
  /** Escape: closed without a choice; nothing is stored and the banner asks again on the next page. */
  onDismiss(): void;
}

/** Id of the element hosting the banner's shadow root. */
export const BANNER_HOST_ID = 'twofold-consent';

// One line per rule for reading; joined at build time (esbuild folds the `+`), so no newline ships.
// :focus-visible matches only the buttons, the link and the summary (the dialog's own :focus rule
// is more specific); colours with alpha as 8-digit hex.
const STYLE =
  '.backdrop{position:fixed;inset:0;background:#00000073;display:flex;align-items:flex-end;justify-content:center;z-index:2147483647;font:15px/1.45 system-ui,sans-serif}' +
  '[role=dialog]{background:#fff;color:#111;max-width:40rem;width:100%;max-height:90vh;overflow:auto;margin:1rem;padding:1.25rem 1.5rem;border-radius:.75rem;box-shadow:0 .5rem 2rem #0000004d}' +
  '[role=dialog]:focus{outline:3px solid #1a56db;outline-offset:2px}' +
  'h2{font-size:1.2rem;margin:0 0 .5rem}ul{padding-left:1.2rem;margin:.25rem 0}li{margin:.15rem 0}' +
  '.gpc{background:#eef6ee;border-left:4px solid #2e7d32;padding:.4rem .6rem}' +
  '.actions{display:flex;gap:.75rem;margin-top:1rem;position:sticky;bottom:-1.25rem;background:#fff;padding:.5rem 0 1.25rem}' +
  '.actions button{flex:1;font:inherit;font-weight:600;padding:.7rem 1rem;border-radius:.5rem;border:2px solid #1a56db;background:#1a56db;color:#fff;cursor:pointer}' +
  ':focus-visible{outline:3px solid #f59e0b;outline-offset:2px}' +
  'summary{cursor:pointer;font-weight:600}small{color:#444}';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** The texts of `locale`, or of the build's first locale (resolveOptions only lets through locales the build carries). */
const textsOf = (locale: Locale): BannerTexts => BANNER_TEXTS[locale] ?? BANNER_TEXTS[LOCALES[0]!]!;

/** The signal list grouped by category, in registry order, with each signal's purpose. */
function signalList(signals: readonly SignalInfo[], locale: Locale): HTMLUListElement {
  const texts = textsOf(locale);
  const list = el('ul');
  for (const category of SIGNAL_CATEGORIES) {
    const inCategory = signals.filter((s) => s.category === category);
    if (inCategory.length === 0) continue;
    // A signal the texts do not name (a site's own registry in tests) shows its id and English purpose.
    const items = inCategory.map((s) => {
      const text = texts.signals[s.id];
      return el('li', {}, el('span', {}, text?.name ?? s.id), ' — ', el('small', {}, text?.purpose ?? s.purpose));
    });
    list.append(el('li', {}, el('strong', {}, texts.categories[category]), el('ul', {}, ...items)));
  }
  return list;
}

/**
 * Shows the consent dialog: role=dialog, aria-modal, labelled and described, focus trapped inside
 * (Tab / Shift+Tab cycle), buttons operable with Enter and Space, Accept and Decline styled the same.
 * Focus starts on the dialog itself so neither answer is preselected. Rendered in a shadow root so
 * the page's CSS cannot restyle (or hide) the choice. Returns a function that removes it.
 */
export function showBanner(options: BannerOptions): () => void {
  const texts = textsOf(options.locale);
  const host = el('div', { id: BANNER_HOST_ID });
  const root = host.attachShadow({ mode: 'open' });
  const previousFocus = document.activeElement as HTMLElement | null;

  const dialog = el('div', { tabIndex: -1 });
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', 'tf-title');
  dialog.setAttribute('aria-describedby', 'tf-intro');
  dialog.lang = options.locale === 'nb' ? 'nb' : 'en';
  dialog.append(el('h2', { id: 'tf-title' }, texts.title), el('p', { id: 'tf-intro' }, texts.intro.replace('{site}', options.site)));
  if (options.gpc === true) dialog.append(el('p', { className: 'gpc' }, texts.gpc));
  dialog.append(el('details', {}, el('summary', {}, texts.details), signalList(options.signals, options.locale)));
  const c = options.controller;
  if (c) {
    dialog.append(
      el(
        'p',
        {},
        el(
          'small',
          {},
          `${texts.controller}: ${c.name}${c.contact ? ` (${c.contact})` : ''} · `,
          el('a', { href: c.policyUrl, target: '_blank', rel: 'noopener' }, texts.policy),
        ),
      ),
    );
  }
  const decline = el('button', { type: 'button' }, texts.decline);
  const accept = el('button', { type: 'button' }, texts.accept);
  decline.dataset.choice = 'denied';
  accept.dataset.choice = 'granted';
  dialog.append(el('div', { className: 'actions' }, decline, accept));
  root.append(el('style', {}, STYLE), el('div', { className: 'backdrop' }, dialog));

  const focusables = () => [...dialog.querySelectorAll<HTMLElement>('button, a[href], summary')].filter((n) => !n.closest('details:not([open]) ul'));
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      options.onDismiss();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusables();
    const current = root.activeElement as HTMLElement | null;
    const index = current ? items.indexOf(current) : -1;
    const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : index === -1 || index === items.length - 1 ? 0 : index + 1;
    event.preventDefault();
    items[next]?.focus();
  };
  // Focus escaping the dialog (a click on the page behind, a script) is pulled back in.
  const onFocusIn = (event: FocusEvent) => {
    if (event.target !== host) dialog.focus();
  };
  const choose = (choice: 'granted' | 'denied') => () => {
    close();
    options.onChoice(choice);
  };
  accept.addEventListener('click', choose('granted'));
  decline.addEventListener('click', choose('denied'));
  dialog.addEventListener('keydown', onKey);
  document.addEventListener('focusin', onFocusIn);

  function close() {
    dialog.removeEventListener('keydown', onKey);
    document.removeEventListener('focusin', onFocusIn);
    host.remove();
    if (previousFocus && previousFocus !== document.body && previousFocus.isConnected) previousFocus.focus();
  }

  document.body.append(host);
  dialog.focus();
  return close;
}
