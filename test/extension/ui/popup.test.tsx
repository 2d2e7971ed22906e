// @vitest-environment jsdom
// The popup's preact UI against the real background (router, handlers, vault on fake-indexeddb):
// webextension-polyfill's sendMessage is routed in-process with the popup as sender.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POPUP, makeBackground } from '../background/background-twin';
import { submit, type, until as untilWithin } from './until';

let background = makeBackground({ now: () => 59_000 });
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: (message: unknown) => background.raw(message, POPUP), openOptionsPage: async () => undefined } },
}));
const { Popup } = await import('../../../extension/ui/popup/Popup');

let root: HTMLElement;
beforeEach(() => {
  background = makeBackground({ now: () => 59_000 });
  root = document.createElement('div');
  document.body.append(root);
  delete document.body.dataset.rendered;
});
afterEach(() => {
  render(null, root);
  root.remove();
});

// Generous: PBKDF2 at 600,000 iterations competes with other test files for the CPU.
const until = <T,>(probe: () => T | null | undefined | false, what: string) => untilWithin(probe, what, 15_000);

describe('popup', () => {
  it('creates a vault, adds accounts, shows codes with rings, filters, and locks', async () => {
    render(<Popup />, root);
    await until(() => root.querySelector('[data-testid=create-form]'), 'create form');
    await type(root, 'input[name=passphrase]', 'correct horse battery');
    await type(root, 'input[name=repeat]', 'correct horse battery!');
    submit(root, '[data-testid=create-form]');
    expect((await until(() => root.querySelector('.error'), 'mismatch error')).textContent).toMatch(/not the same/);
    await type(root, 'input[name=repeat]', 'correct horse battery');
    submit(root, '[data-testid=create-form]');
    await until(() => root.querySelector('[data-testid=add-uri]'), 'unlocked view');

    await type(root, 'input[name=uri]', 'otpauth://totp/RFC:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8');
    submit(root, '[data-testid=add-uri]');
    await until(() => root.querySelector('li.account'), 'first row');
    await type(root, 'input[name=uri]', 'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0');
    submit(root, '[data-testid=add-uri]');
    await until(() => root.querySelectorAll('li.account').length === 2, 'two rows');

    // Rows by issuer: both accounts were created at the same (frozen) instant, so order is by id.
    const row = (issuer: string) => [...root.querySelectorAll('li.account')].find((li) => li.querySelector('.issuer')?.textContent === issuer)!;
    const totp = row('RFC').querySelector('.code')!;
    expect(totp.getAttribute('data-code')).toBe('94287082');
    expect(totp.textContent).toBe('9428 7082');
    const ring = root.querySelector<HTMLElement>('.ring[role="img"]')!;
    expect(ring.getAttribute('data-seconds')).toMatch(/^\d+$/);
    // The arc is the CSS variable --ring (the fraction of the period left), red below a fifth.
    const fraction = ring.style.getPropertyValue('--ring');
    expect(fraction).toMatch(/^[01]\.\d{3}$/);
    expect(ring.classList.contains('ring-low')).toBe(Number(fraction) < 0.2);
    expect(document.body.dataset.rendered).toBeDefined();

    // HOTP: no code until asked; then RFC 4226's counter-0 value.
    expect(row('Bank').querySelector('.code')!.getAttribute('data-code')).toBe('');
    row('Bank').querySelector<HTMLButtonElement>('button.next')!.click();
    expect(await until(() => row('Bank').querySelector('.code')?.getAttribute('data-code'), 'hotp code')).toBe('755224');

    await type(root, 'input[type=search]', 'bank');
    await until(() => root.querySelectorAll('li.account').length === 1, 'filtered list');
    expect(root.querySelector('li.account .issuer')!.textContent).toBe('Bank');

    root.querySelector<HTMLButtonElement>('[data-testid=lock]')!.click();
    await until(() => root.querySelector('[data-testid=unlock-form]'), 'unlock form');
    await type(root, 'input[name=passphrase]', 'wrong passphrase');
    submit(root, '[data-testid=unlock-form]');
    expect((await until(() => root.querySelector('[data-testid=unlock-form] .error'), 'wrong passphrase error')).textContent).toMatch(/does not unlock/);
  });

  it('says what is wrong with a bad URI and that damaged records exist', async () => {
    await background.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await background.send({ type: 'accounts.addUri', uri: 'otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP' });
    const { accounts } = await background
      .send({ type: 'accounts.addUri', uri: 'otpauth://totp/B:b?secret=GEZDGNBVGY3TQOJQ' })
      .then(() => background.send({ type: 'accounts.list' }));
    const record = (await background.deps.storage.getRecord(accounts[1]!.id))!;
    await background.deps.storage.putRecords([{ ...record, sealed: { ...record.sealed, iv: record.sealed.iv.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } }]);
    render(<Popup />, root);
    await until(() => root.querySelector('li.account'), 'rows');
    expect(root.querySelectorAll('li.account')).toHaveLength(1);
    expect(root.querySelector('p.error')!.textContent).toMatch(/1 damaged record/);
    await type(root, 'input[name=uri]', 'otpauth://totp/X?secret=ABC1');
    submit(root, '[data-testid=add-uri]');
    expect((await until(() => root.querySelector('.status'), 'status')).textContent).toMatch(/secret/i);
  });
});
