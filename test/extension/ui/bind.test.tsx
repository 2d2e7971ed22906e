// @vitest-environment jsdom
// The bind window's preact UI against the real background (router, handlers, vault on
// fake-indexeddb): webextension-polyfill's sendMessage is routed in-process with an extension page
// as sender, and the twin's tab table stands in for tabs.get.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POPUP, makeBackground } from '../background/background-twin';
import { until } from './until';

let background = makeBackground();
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: (message: unknown) => background.raw(message, { ...POPUP, url: POPUP.url!.replace('popup', 'bind') }) } },
}));
const { Bind } = await import('../../../extension/ui/bind/Bind');

let root: HTMLElement;
let bankId: string;
beforeEach(async () => {
  background = makeBackground();
  await background.send({ type: 'vault.create', passphrase: 'correct horse battery' });
  bankId = (await background.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Bank:dana?secret=JBSWY3DPEHPK3PXP&issuer=Bank' })).account.id;
  await background.send({ type: 'accounts.update', id: bankId, sites: ['bank.test'] });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const q = <E extends Element = HTMLElement>(id: string) => root.querySelector<E>(`[data-testid=${id}]`);
const confirmButton = () => q<HTMLButtonElement>('bind-confirm')!;

describe('bind window', () => {
  it("shows the tab's real site, warns about a lookalike, and binds only after a choice and an acknowledgement", async () => {
    background.tabs.set(7, 'https://bank.test.evil.test/login');
    render(<Bind tabId={7} />, root);
    await until(() => q('bind-site'), 'the site');
    expect(q('bind-site')!.textContent).toBe('evil.test');
    expect(q('bind-host')!.textContent).toContain('bank.test.evil.test');
    expect(q('bind-warning')!.querySelector('li')!.dataset.kind).toBe('brand-in-subdomain');
    expect(confirmButton().disabled).toBe(true);
    q<HTMLInputElement>('bind-account')!.click();
    await until(() => q<HTMLInputElement>('bind-account')!.checked, 'the choice');
    expect(confirmButton().disabled).toBe(true); // the warning is not yet acknowledged
    q<HTMLInputElement>('bind-ack')!.click();
    await until(() => !confirmButton().disabled, 'the armed button');
    // The tab navigates before the click: nothing is bound.
    background.tabs.set(7, 'https://other.test/');
    confirmButton().click();
    expect((await until(() => q('bind-error') ?? root.querySelector('.error[role=alert]'), 'the refusal')).textContent).toMatch(/now shows other\.test/);
    expect((await background.send({ type: 'accounts.list' })).accounts[0]!.sites).toEqual(['bank.test']);
  });

  it('binds the site the user saw and says so; IDN hosts are spelled out', async () => {
    background.tabs.set(9, 'https://xn--bnk-6cd.test/2fa');
    render(<Bind tabId={9} />, root);
    await until(() => q('bind-idn'), 'the IDN note');
    expect(q('bind-idn')!.textContent).toContain('b\u0430nk.test');
    q<HTMLInputElement>('bind-account')!.click();
    q<HTMLInputElement>('bind-ack')!.click();
    await until(() => !confirmButton().disabled, 'the armed button');
    confirmButton().click();
    expect((await until(() => q('bind-status'), 'the confirmation')).textContent).toContain('xn--bnk-6cd.test');
    expect((await background.send({ type: 'accounts.list' })).accounts[0]!.sites).toEqual(['bank.test', 'xn--bnk-6cd.test']);
    expect(background.tabMessages).toEqual([[9, { type: 'otp.bound' }]]);
  });

  it('asks to unlock first, and refuses a window opened without a tab', async () => {
    await background.send({ type: 'vault.lock' });
    background.tabs.set(3, 'https://news.test/');
    render(<Bind tabId={3} />, root);
    await until(() => root.querySelector('form'), 'the unlock form');
    render(null, root);
    render(<Bind tabId={null} />, root);
    expect((await until(() => q('bind-error'), 'the error')).textContent).toMatch(/not opened for a tab/);
  });
});
