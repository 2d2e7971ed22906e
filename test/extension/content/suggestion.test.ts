// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActivationEvidence, GateEvent } from '../../../extension/content/fill-gate';
import { ARM_MS } from '../../../extension/content/fill-gate';
import { BOX_HEIGHT, showSuggestion, type SuggestionActions, type SuggestionHandle, type SuggestionOptions } from '../../../extension/content/suggestion';
import { format, pickLocale } from '../../../extension/content/suggestion-strings';

// The suggestion's shadow root is closed: the page (and this test) cannot reach it through the
// host. The test captures it from attachShadow, as only the content script itself holds it.
let shadows: ShadowRoot[] = [];
const realAttach = HTMLElement.prototype.attachShadow;
beforeEach(() => {
  shadows = [];
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    const root = realAttach.call(this, init);
    shadows.push(root);
    return root;
  });
  document.body.innerHTML = '<label for="code">Code</label><input id="code" autocomplete="one-time-code"><button id="other">x</button>';
  // jsdom has no layout: give the field the box a browser would (the suggestion hides for an invisible anchor).
  vi.spyOn(field(), 'getBoundingClientRect').mockReturnValue({
    x: 10,
    y: 10,
    top: 10,
    left: 10,
    bottom: 30,
    right: 200,
    width: 190,
    height: 20,
    toJSON: () => ({}),
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

function actions(): SuggestionActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fill: async (id) => void calls.push(`fill:${id}`),
    openExtensionWindow: async () => void calls.push('window'),
    blocked: (reason) => void calls.push(`blocked:${reason}`),
    closed: () => void calls.push('closed'),
  };
}

// jsdom has no top layer or layout: a fake guard whose evidence each test sets, and a fake clock.
let clock = 1000;
let evidence: Omit<ActivationEvidence, 'at'>;
let report: (event: GateEvent) => void = () => undefined;
const RECT = { x: 10, y: 34, width: 300, height: BOX_HEIGHT };
beforeEach(() => {
  clock = 1000;
  evidence = { hostLastInTopLayer: true, minOpacity: 1, styleTamper: null, rect: RECT, occlusionFreeSinceArm: null };
});
const fakes: SuggestionOptions = {
  now: () => clock,
  guard: (_host, now, hooks) => {
    report = hooks.observe;
    return { evidence: () => ({ ...evidence, at: now() }), rect: () => RECT, ours: (change) => change(), stop: () => undefined };
  },
};
const show = (model: Parameters<typeof showSuggestion>[1], a: SuggestionActions) => showSuggestion(field(), model, a, fakes);

const field = () => document.getElementById('code') as HTMLInputElement;
const host = () => [...document.body.children].find((el) => el.localName === 'div') as HTMLElement | undefined;
const buttons = () => [...shadows[0]!.querySelectorAll('button')];
const ACCOUNTS = [{ id: 'acct-1', issuer: 'GitHub', label: 'alice' }];

describe('inline suggestion', () => {
  let handle: SuggestionHandle;
  afterEach(() => handle?.close());

  it('renders issuer + "Fill code" in a closed shadow root the page cannot read', () => {
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, actions());
    expect(shadows).toHaveLength(1);
    expect(shadows[0]!.mode).toBe('closed');
    expect(host()!.shadowRoot).toBeNull();
    expect(document.body.innerHTML).not.toContain('GitHub');
    expect(buttons().map((b) => b.textContent)).toEqual(['GitHub (alice)Fill code']);
    expect(buttons()[0]!.getAttribute('aria-label')).toBe('Fill code: GitHub (alice)');
    expect(host()!.style.getPropertyPriority('z-index')).toBe('important');
    expect(handle.owns(host()!)).toBe(true);
  });

  it('ignores untrusted (script-dispatched) clicks: no fill without a user gesture', async () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    buttons()[0]!.click();
    buttons()[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    host()!.click();
    await Promise.resolve();
    expect(a.calls).toEqual([]);
  });

  it('stops events at the shadow boundary so page listeners never see them', () => {
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, actions());
    const seen: string[] = [];
    document.addEventListener('click', (e) => seen.push(e.type));
    document.addEventListener('keydown', (e) => seen.push(e.type));
    buttons()[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    buttons()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true, composed: true }));
    expect(seen).toEqual([]);
  });

  it('offers only "Use another account…" when no account is bound', () => {
    field().focus();
    handle = show({ kind: 'accounts', accounts: [] }, actions());
    expect(buttons().map((b) => b.textContent)).toEqual(['Use another account…']);
  });

  it('on a lookalike site: a phishing warning naming both sites, no "Fill code", and the fill shortcut fills nothing', () => {
    field().focus();
    handle = show({ kind: 'lookalike', site: 'xn--gthub-n2e.com', resembles: 'github.com' }, actions());
    const warning = shadows[0]!.querySelector('[data-twofold=lookalike-warning]')!;
    expect(warning.getAttribute('role')).toBe('alert');
    expect(warning.textContent).toContain('phishing');
    expect(warning.textContent).toContain('This site is xn--gthub-n2e.com, not github.com');
    expect(buttons().map((b) => b.textContent)).toEqual(['Use another account…']);
    clock += ARM_MS + 10;
    expect(handle.fillFirst()).toBe(false);
  });

  it('on an e-mail/SMS code field: says it is not an authenticator code and offers none', () => {
    field().focus();
    handle = show({ kind: 'not-authenticator' }, actions());
    expect(shadows[0]!.querySelector('[data-twofold=not-authenticator]')!.textContent).toMatch(/e-mail or text message, not an authenticator code/);
    expect(buttons().map((b) => b.textContent)).toEqual(['Use another account…']);
    expect(handle.fillFirst()).toBe(false);
  });

  it('goes away when its field scrolls out of view or leaves the page', async () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    expect(host()).toBeDefined();
    vi.spyOn(field(), 'getBoundingClientRect').mockReturnValue({
      x: 10,
      y: -90,
      top: -90,
      left: 10,
      bottom: -70,
      right: 200,
      width: 190,
      height: 20,
      toJSON: () => ({}),
    });
    window.dispatchEvent(new Event('scroll'));
    await new Promise((r) => setTimeout(r, 50));
    expect(host()).toBeUndefined();
    expect(a.calls).toEqual(['closed']);
  });

  it('says the vault is locked and offers nothing to click', () => {
    field().focus();
    handle = show({ kind: 'locked' }, actions());
    expect(buttons()).toHaveLength(0);
    expect(shadows[0]!.textContent).toContain('Twofold is locked');
  });

  it('keyboard: ArrowDown moves into the list, Escape closes and returns focus', () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: [...ACCOUNTS, { id: 'acct-3', issuer: 'GitLab', label: '' }] }, a);
    field().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
    expect(shadows[0]!.activeElement).toBe(buttons()[0]);
    buttons()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
    expect(shadows[0]!.activeElement).toBe(buttons()[1]);
    buttons()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
    expect(shadows[0]!.activeElement).toBe(buttons()[0]); // wraps
    buttons()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(host()).toBeUndefined();
    expect(document.activeElement).toBe(field());
    expect(a.calls).toEqual(['closed']);
  });

  it('Escape in the field closes it; leaving the field for the page closes it', async () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    field().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(host()).toBeUndefined();
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    (document.getElementById('other') as HTMLButtonElement).focus();
    await new Promise((r) => setTimeout(r, 5));
    expect(host()).toBeUndefined();
    expect(a.calls).toEqual(['closed', 'closed']);
  });

  it('the fill shortcut fills with the first bound account once armed, and closes after the fill', async () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    clock += ARM_MS - 1;
    expect(handle.fillFirst()).toBe(true); // handled, but too early: ignored, box stays
    await new Promise((r) => setTimeout(r, 0));
    expect(a.calls).toEqual([]);
    clock += 1;
    expect(handle.fillFirst()).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(a.calls).toEqual(['fill:acct-1', 'closed']);
    const none = show({ kind: 'accounts', accounts: [] }, a);
    expect(none.fillFirst()).toBe(false);
    none.close();
  });

  it('refuses to fill when the page covers or fades the box, and falls back to the extension window', async () => {
    for (const [change, reason] of [
      [{ hostLastInTopLayer: false }, 'something was placed over the suggestion'],
      [{ minOpacity: 0 }, 'the page made the suggestion transparent'],
      [{ styleTamper: '<body> has filter opacity(0)' }, 'the page distorted the suggestion'],
      [{ occlusionFreeSinceArm: false }, 'something covered the suggestion'],
      [{ rect: { ...RECT, y: RECT.y + 30 } }, 'the suggestion moved under the pointer'],
    ] as const) {
      const a = actions();
      field().focus();
      handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
      clock += ARM_MS;
      evidence = { ...evidence, ...change };
      handle.fillFirst();
      await new Promise((r) => setTimeout(r, 0));
      expect(a.calls, reason).toEqual(['window']);
      expect(shadows.at(-1)!.querySelector('[role=alert]')?.textContent).toContain(reason);
      handle.close();
      evidence = { hostLastInTopLayer: true, minOpacity: 1, styleTamper: null, rect: RECT, occlusionFreeSinceArm: null };
    }
  });

  it('tampering with the host closes the box and reports the page as blocked', () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    report({ type: 'tampered', at: clock, what: 'the page removed the suggestion' });
    expect(host()).toBeUndefined();
    expect(a.calls).toEqual(['blocked:the page removed the suggestion', 'closed']);
  });

  it('has the same size locked, with no account, with one and with fifty', () => {
    const sizes: string[] = [];
    const many = Array.from({ length: 50 }, (_, i) => ({ id: `acct-${i}`, issuer: `Issuer ${i}`, label: 'x' }));
    for (const model of [
      { kind: 'locked' as const },
      { kind: 'accounts' as const, accounts: [] },
      { kind: 'accounts' as const, accounts: ACCOUNTS },
      { kind: 'accounts' as const, accounts: many },
    ]) {
      field().focus();
      const h = show(model, actions());
      sizes.push(`${host()!.style.getPropertyValue('width')}x${host()!.style.getPropertyValue('height')}`);
      h.close();
    }
    expect(new Set(sizes)).toEqual(new Set([`300pxx${BOX_HEIGHT}px`]));
  });

  it('"Use another account…" only opens the extension window', async () => {
    const a = actions();
    field().focus();
    handle = show({ kind: 'accounts', accounts: [] }, a);
    buttons()[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(a.calls).toEqual([]); // untrusted
    expect(handle.fillFirst()).toBe(false);
  });

  it('shows the error when a fill fails, and stays open', async () => {
    const a = actions();
    a.fill = async () => {
      throw new Error('the field holds fewer characters');
    };
    field().focus();
    handle = show({ kind: 'accounts', accounts: ACCOUNTS }, a);
    clock += ARM_MS;
    handle.fillFirst();
    await new Promise((r) => setTimeout(r, 0));
    expect(shadows[0]!.querySelector('[role=alert]')?.textContent).toBe('Could not fill the code: the field holds fewer characters');
    expect(host()).toBeDefined();
  });

  it('speaks Norwegian bokmål to a Norwegian browser', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nb-NO', 'en']);
    field().focus();
    handle = show({ kind: 'accounts', accounts: [] }, actions());
    expect(buttons()[0]!.textContent).toBe('Bruk en annen konto…');
  });
});

describe('suggestion strings', () => {
  it('picks bokmål for nb/no/nn and English otherwise', () => {
    expect(pickLocale(['nb-NO'])).toBe('nb');
    expect(pickLocale(['no'])).toBe('nb');
    expect(pickLocale(['nn-NO', 'en'])).toBe('nb');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('Use {account} on {site}?', { account: 'A', site: 'b.com' })).toBe('Use A on b.com?');
    expect(format('{x}', {})).toBe('{x}');
  });
});
