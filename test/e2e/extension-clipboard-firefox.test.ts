// Firefox ESR: a copied code is cleared from the clipboard ~30 s later by the background event page
// (alarm → read the clipboard → clear only if it still holds that code; issue 12): the page that
// asked only sends clipboard.clearLater, nothing clears on its side. The clipboard is written and read from an extension page, which may do so
// without a gesture (clipboardWrite / clipboardRead); WebDriver BiDi cannot read it otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchFirefoxWithExtension, type ExtensionBrowser, type ExtensionPage } from './helpers/extension';

describe.skipIf(!hasBrowser('firefox'))('clipboard clearing (Firefox event page)', () => {
  let ext: ExtensionBrowser;
  let reader: ExtensionPage;
  beforeAll(async () => {
    ext = await launchFirefoxWithExtension();
    reader = await ext.newPage();
    await reader.open('popup.html');
  });
  afterAll(async () => {
    await ext?.close();
  });

  const clipboard = () => reader.evaluate(() => navigator.clipboard.readText(), null);

  it('clears the clipboard about 30 s after a copy when it still holds the code', async () => {
    const popup = await ext.newPage();
    await popup.open('popup.html');
    const reply = await popup.evaluate(async (code: string) => {
      await navigator.clipboard.writeText(code);
      const g = globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
      return g.browser.runtime.sendMessage({ type: 'clipboard.clearLater', copied: code });
    }, '482913');
    expect(reply).toEqual({ ok: true, result: { inSeconds: 30 } });
    expect(await clipboard()).toBe('482913');
    const copiedAt = Date.now();
    let text = '482913';
    while (text !== '' && Date.now() - copiedAt < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      text = await clipboard();
    }
    expect(text).toBe('');
  }, 90_000);
});
