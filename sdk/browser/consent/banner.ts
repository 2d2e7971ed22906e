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
// The only buttons are Accept and Decline, and the only focusable div is the dialog (so `div:focus`,
// more specific than `:focus-visible`, is the dialog's own ring); colours with alpha as 8-digit hex.
// Kept short because every page pays for it before consent: a grid centres the dialog at the bottom
// and sizes it to the viewport less its margin (no width rule); the heading has no bottom margin
// because the intro's top margin collapses with it; no shadow (the dimmed backdrop sets it apart).
const STYLE =
  '.backdrop{position:fixed;inset:0;background:#00000073;display:grid;place-items:end center;z-index:2147483647;font:15px/1.45 system-ui}' +
  '[role=dialog]{background:#fff;color:#111;max-width:40rem;max-height:90vh;overflow:auto;margin:1rem;padding:1.25rem 1.5rem;border-radius:.75rem}' +
  'h2{font-size:1.2rem;margin:0}ul{padding-left:1.2rem;margin:.25rem 0}li{margin:.15rem 0}' +
  '.gpc{border-left:4px solid #2e7d32;padding-left:.6rem}' +
  '.actions{display:flex;gap:.75rem;margin-top:1rem;position:sticky;bottom:-1.25rem;background:#fff;padding:.5rem 0 1.25rem}' +
  'button{flex:1;font:inherit;padding:.7rem;border-radius:.5rem;border:2px solid #1a56db;background:#1a56db;color:#fff}' +
  'button,summary{cursor:pointer;font-weight:600}*{outline-offset:2px}:focus-visible{outline:3px solid #f59e0b}div:focus{outline:3px solid #1a56db}small{color:#444}';

/**
 * An element with `attributes` (own properties only, set with setAttribute) and `children`; strings
 * become text nodes, never markup, so the site name, controller and texts cannot inject any.
 */
function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The texts of `locale`, or of the build's first locale (resolveOptions only lets through locales the build carries). */
const textsOf = (locale: Locale): BannerTexts => BANNER_TEXTS[locale] ?? BANNER_TEXTS[LOCALES[0]!]!;

/** The signal list grouped by category, in registry order, with each signal's purpose. */
function signalList(signals: readonly SignalInfo[], texts: BannerTexts): HTMLElement {
  const groups = SIGNAL_CATEGORIES.flatMap((category) => {
    // A signal the texts do not name (a site's own registry in tests) shows its id and English purpose.
    const items = signals
      .filter((s) => s.category === category)
      .map((s) => el('li', {}, el('span', {}, texts.signals[s.id]?.name ?? s.id), ' \u2014 ', el('small', {}, texts.signals[s.id]?.purpose ?? s.purpose)));
    return items.length ? [el('li', {}, el('strong', {}, texts.categories[category]), el('ul', {}, ...items))] : [];
  });
  return el('ul', {}, ...groups);
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
  const c = options.controller;
  const button = (choice: 'granted' | 'denied', label: string) => {
    const node = el('button', { type: 'button', 'data-choice': choice }, label);
    node.addEventListener('click', () => {
      close();
      options.onChoice(choice);
    });
    return node;
  };
  const dialog = el(
    'div',
    { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'tf-title', 'aria-describedby': 'tf-intro', tabindex: '-1', lang: options.locale },
    el('h2', { id: 'tf-title' }, texts.title),
    el(
      'p',
      { id: 'tf-intro' },
      texts.intro.replace('{site}', () => options.site),
    ),
    options.gpc === true ? el('p', { class: 'gpc' }, texts.gpc) : '',
    el('details', {}, el('summary', {}, texts.details), signalList(options.signals, texts)),
    c
      ? el(
          'p',
          {},
          el(
            'small',
            {},
            `${texts.controller}: ${c.name}${c.contact ? ` (${c.contact})` : ''} \u00b7 `,
            el('a', { href: c.policyUrl, target: '_blank', rel: 'noopener' }, texts.policy),
          ),
        )
      : '',
    el('div', { class: 'actions' }, button('denied', texts.decline), button('granted', texts.accept)),
  );
  root.append(el('style', {}, STYLE), el('div', { class: 'backdrop' }, dialog));

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      options.onDismiss();
    } else if (event.key === 'Tab') {
      // The summary, the policy link and the buttons; the signal list holds nothing focusable.
      const items = [...dialog.querySelectorAll<HTMLElement>('button,a,summary')];
      const index = items.indexOf(root.activeElement as HTMLElement);
      event.preventDefault();
      items[event.shiftKey ? (index > 0 ? index : items.length) - 1 : (index + 1) % items.length]?.focus();
    }
  };
  // Focus escaping the dialog (a click on the page behind, a script) is pulled back in.
  const onFocusIn = (event: FocusEvent) => {
    if (event.target !== host) dialog.focus();
  };
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
