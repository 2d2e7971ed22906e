// @vitest-environment jsdom
// In the Norwegian UI, an error the background words in English is shown in Norwegian (by its
// code), as an alert: the popup refusing a bad otpauth URI and the unlock form refusing a wrong
// passphrase, against the real background.
import { render } from 'preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeBackground, POPUP } from '../background/background-twin';
import { submit, type, until } from './until';

let background = makeBackground();
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: (message: unknown) => background.raw(message, POPUP), openOptionsPage: async () => undefined } },
}));

let Popup: typeof import('../../../extension/ui/popup/Popup').Popup;
beforeAll(async () => {
  // The UI picks its language from the browser's when it loads.
  Object.defineProperty(navigator, 'languages', { value: ['nb-NO', 'en'], configurable: true });
  ({ Popup } = await import('../../../extension/ui/popup/Popup'));
});

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('Norwegian UI, English background', () => {
  it('a bad URI and a wrong passphrase are refused in Norwegian, as alerts', async () => {
    background = makeBackground();
    await background.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    root = document.createElement('div');
    document.body.append(root);
    render(<Popup />, root);
    await until(() => root.querySelector('[data-testid=add-uri]'), 'unlocked popup', 15_000);
    expect(document.documentElement.lang).toBe('nb');
    await type(root, 'input[name=uri]', 'https://example.com/not-a-code');
    submit(root, '[data-testid=add-uri]');
    const error = await until(() => root.querySelector('[data-testid=popup-status][role=alert]'), 'the refusal', 15_000);
    expect(error.textContent).toMatch(/^Dette er ikke en gyldig otpauth:\/\/-URI/);

    await background.send({ type: 'vault.lock' });
    render(null, root);
    render(<Popup />, root);
    await until(() => root.querySelector('[data-testid=unlock-form]'), 'unlock form', 15_000);
    await type(root, 'input[name=passphrase]', 'not the passphrase');
    submit(root, '[data-testid=unlock-form]');
    const wrong = await until(() => root.querySelector('[data-testid=unlock-form] [role=alert]'), 'wrong passphrase', 15_000);
    expect(wrong.textContent).toMatch(/^Passordfrasen låser ikke opp hvelvet/);
  });
});
