// @vitest-environment jsdom
// What a new user found walking the journey, each against the real background
// (router, handlers, vault on fake-indexeddb): errors look like errors and are alerts; a QR scan
// says what was added and to which site it is bound, and the row shows that site; the backup
// password has a repeat field and a strength hint and is cleared after the download; a new vault
// can be restored from a backup file.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeBackground, POPUP } from '../background/background-twin';
import { submit, type, until as untilWithin } from './until';

const ITERATIONS = 600_000; // the vault refuses fewer (MIN_PBKDF2_ITERATIONS)
let background = makeBackground({ kdfIterations: ITERATIONS });
const opened: string[] = [];
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: (message: unknown) => background.raw(message, POPUP),
      openOptionsPage: async () => undefined,
      getURL: (path: string) => `chrome-extension://twofold-test-id/${path}`,
    },
    tabs: { create: async ({ url }: { url: string }) => void opened.push(url) },
  },
}));
const { Popup } = await import('../../../extension/ui/popup/Popup');
const { Options } = await import('../../../extension/ui/options/Options');

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  delete document.body.dataset.rendered;
  URL.createObjectURL = () => 'blob:test';
  URL.revokeObjectURL = () => undefined;
  window.close = () => undefined; // the popup closes itself after opening a tab; jsdom would tear the document down
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const until = <T,>(probe: () => T | null | undefined | false, what: string) => untilWithin(probe, what, 15_000);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const input = (selector: string) => root.querySelector<HTMLInputElement>(selector)!;

/** A File with arrayBuffer(), which jsdom's File lacks. */
const fileOf = (text: string, name: string) => Object.assign(new File([text], name), { arrayBuffer: async () => new TextEncoder().encode(text).buffer });

/** Sets a file input's chosen file and fires change, as the browser does. */
async function choose(selector: string, file: File): Promise<void> {
  const el = input(selector);
  Object.defineProperty(el, 'files', { value: [file], configurable: true });
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

describe('found by a new user', () => {
  it('popup: a bad URI is an alert styled as an error; a scan confirms the account and its bound site', async () => {
    background = makeBackground({
      kdfIterations: ITERATIONS,
      qrText: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
      pageUrl: 'https://github.com/settings/two_factor_authentication/setup',
    });
    await background.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    render(<Popup />, root);
    await until(() => root.querySelector('[data-testid=add-uri]'), 'unlocked popup');

    await type(root, 'input[name=uri]', 'otpauth://totp/X?secret=ABC1');
    submit(root, '[data-testid=add-uri]');
    const error = await until(() => root.querySelector('[data-testid=popup-status]'), 'error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.classList.contains('error')).toBe(true);
    expect(error.textContent).toMatch(/secret/i);

    root.querySelector<HTMLButtonElement>('[data-testid=scan]')!.click();
    const done = await until(() => root.querySelector('[data-testid=popup-status][data-kind=ok]'), 'scan confirmation');
    expect(done.getAttribute('role')).toBe('status');
    expect(done.textContent).toBe('Added GitHub (alice), bound to github.com: its code is filled on that site only.');
    const row = await until(() => root.querySelector('li.account'), 'the scanned row');
    expect(row.querySelector('[data-testid=bound-sites]')!.textContent).toBe('Fills on github.com');
  });

  it('options: backup password repeated, strength shown, all passwords cleared after the download', async () => {
    background = makeBackground({ kdfIterations: ITERATIONS });
    await background.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await background.send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' });
    render(<Options />, root);
    await until(() => root.querySelector('[data-testid=export-backup]'), 'export form');
    const form = '[data-testid=export-backup]';

    await type(root, `${form} input[name=password]`, 'password');
    expect(root.querySelector(`${form} [data-testid=strength]`)!.getAttribute('data-level')).toBe('weak');
    await type(root, `${form} input[name=password]`, 'seven rabbits juggle quietly');
    expect(root.querySelector(`${form} [data-testid=strength]`)!.getAttribute('data-level')).toBe('strong');
    await type(root, `${form} input[name=passphrase]`, 'correct horse battery');
    await type(root, `${form} input[name=repeat]`, 'seven rabbits juggle quiet');
    submit(root, form);
    const mismatch = await until(() => root.querySelector('[data-testid=export-status][role=alert]'), 'mismatch');
    expect(mismatch.textContent).toMatch(/not the same/);
    expect(background.local).toBeDefined();

    await type(root, `${form} input[name=repeat]`, 'seven rabbits juggle quietly');
    submit(root, form);
    const ok = await until(() => root.querySelector('[data-testid=export-status][data-kind=ok]'), 'exported');
    expect(ok.textContent).toMatch(/^Exported twofold-backup-.*\.json\.$/);
    for (const name of ['password', 'repeat', 'passphrase']) expect(input(`${form} input[name=${name}]`).value).toBe('');
  });

  it('creating a vault offers a restore: the popup links to it, options restores a backup file into the new vault', async () => {
    // A backup exported by another vault, to restore from.
    const source = makeBackground({ kdfIterations: ITERATIONS });
    await source.send({ type: 'vault.create', passphrase: 'another vault passphrase' });
    await source.send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' });
    await source.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Bank:bob?secret=KRSXG5CTMVRXEZLU&issuer=Bank' });
    const backup = await source.send({ type: 'accounts.exportBackup', password: 'backup password 42', passphrase: 'another vault passphrase' });

    background = makeBackground({ kdfIterations: ITERATIONS });
    render(<Popup />, root);
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid=restore-link]'), 'restore link')).click();
    await until(() => opened.length > 0, 'options opened');
    expect(opened.at(-1)).toBe('chrome-extension://twofold-test-id/options.html#restore');
    render(null, root);

    render(<Options />, root);
    await until(() => root.querySelector('[data-testid=restore]'), 'restore section');
    await type(root, 'input[name=passphrase]', 'my new vault passphrase');
    await type(root, 'input[name=repeat]', 'my new vault passphrase');
    await choose('input[name=backup]', fileOf(backup.text, backup.fileName));
    await type(root, 'input[name=backupPassword]', 'backup password 42');
    submit(root, '[data-testid=create-form]');
    const restored = await until(() => root.querySelector('[data-testid=restore-result]'), 'restore result');
    expect(restored.textContent).toBe('Vault created; restored 2 account(s) from the backup.');
    const { accounts } = await background.send({ type: 'accounts.list' });
    expect(accounts.map((a) => a.issuer).sort()).toEqual(['Bank', 'GitHub']);
  });

  it('a restore with the wrong backup password still creates the vault and says what failed, as an alert', async () => {
    const source = makeBackground({ kdfIterations: ITERATIONS });
    await source.send({ type: 'vault.create', passphrase: 'another vault passphrase' });
    const backup = await source.send({ type: 'accounts.exportBackup', password: 'backup password 42', passphrase: 'another vault passphrase' });
    background = makeBackground({ kdfIterations: ITERATIONS });
    render(<Options />, root);
    await until(() => root.querySelector('[data-testid=restore]'), 'restore section');
    await type(root, 'input[name=passphrase]', 'my new vault passphrase');
    await type(root, 'input[name=repeat]', 'my new vault passphrase');
    await choose('input[name=backup]', fileOf(backup.text, backup.fileName));
    await type(root, 'input[name=backupPassword]', 'not the password');
    submit(root, '[data-testid=create-form]');
    const result = await until(() => root.querySelector('[data-testid=restore-result]'), 'restore result');
    expect(result.getAttribute('role')).toBe('alert');
    expect(result.textContent).toMatch(/vault was created, but the backup could not be restored: The password does not open this Twofold backup/);
    expect((await background.send({ type: 'vault.status' })).state).toBe('unlocked');
  });
});
