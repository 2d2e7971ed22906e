// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BANNER_HOST_ID, showBanner, type BannerOptions } from '../../../../sdk/browser/consent/banner';
import { SIGNALS, activeSignals } from '../../../../sdk/browser/signals';
import { BANNER_TEXTS } from '../../../../sdk/browser/consent/texts';

const open = (extra: Partial<BannerOptions> = {}) => {
  const onChoice = vi.fn();
  const onDismiss = vi.fn();
  const close = showBanner({ site: 'shop.example', locale: 'en', signals: activeSignals({ location: false }), gpc: null, onChoice, onDismiss, ...extra });
  const root = document.getElementById(BANNER_HOST_ID)!.shadowRoot!;
  const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
  const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
  return { onChoice, onDismiss, close, root, dialog, button };
};

afterEach(() => {
  document.getElementById(BANNER_HOST_ID)?.remove();
});

describe('consent banner (DOM)', () => {
  it('is a labelled, described modal dialog naming the site', () => {
    const { root, dialog } = open();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(root.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toMatch(/sign-in/);
    expect(root.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toContain('shop.example');
  });
  it('lists every active signal from the registry, grouped by category', () => {
    const { root } = open({ signals: SIGNALS });
    const text = root.textContent ?? '';
    for (const s of SIGNALS) expect(text).toContain(BANNER_TEXTS.en?.signals[s.id]?.name);
    expect(root.querySelectorAll('li li')).toHaveLength(SIGNALS.length);
  });
  it('Accept and Decline report the choice and remove the dialog', () => {
    const a = open();
    a.button('Accept').click();
    expect(a.onChoice).toHaveBeenCalledWith('granted');
    expect(document.getElementById(BANNER_HOST_ID)).toBeNull();
    const d = open();
    d.button('Decline').click();
    expect(d.onChoice).toHaveBeenCalledWith('denied');
  });
  it('Escape dismisses without a choice', () => {
    const { dialog, onChoice, onDismiss } = open();
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onDismiss).toHaveBeenCalled();
    expect(onChoice).not.toHaveBeenCalled();
    expect(document.getElementById(BANNER_HOST_ID)).toBeNull();
  });
  it('Tab wraps from the last control to the first (focus trap)', () => {
    const { root, dialog, button } = open();
    button('Accept').focus();
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    expect(root.activeElement?.tagName).toBe('SUMMARY');
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }));
    expect(root.activeElement?.textContent).toBe('Accept');
  });
  it('shows GPC only when the browser sends it, and the controller with its policy link', () => {
    expect(open().root.querySelector('.gpc')).toBeNull();
    document.getElementById(BANNER_HOST_ID)?.remove();
    const { root } = open({ gpc: true, controller: { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/p' }, locale: 'nb' });
    expect(root.querySelector('.gpc')?.textContent).toContain('Global Privacy Control');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://shop.example/p');
    expect(root.textContent).toContain('Godta');
  });
});
