import { afterEach, describe, expect, it } from 'vitest';
import { runtimeSend } from '../../../extension/content/runtime-send';

type Global = { browser?: unknown; chrome?: unknown };
const g = globalThis as Global;

function fakeRuntime(name: string, sent: unknown[]) {
  return {
    runtime: {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return Promise.resolve(name);
      },
    },
  };
}

describe('runtimeSend (content scripts without webextension-polyfill)', () => {
  afterEach(() => {
    delete g.browser;
    delete g.chrome;
  });

  it("uses Firefox's promise-based browser.runtime when present", async () => {
    const sent: unknown[] = [];
    g.browser = fakeRuntime('browser', sent);
    g.chrome = fakeRuntime('chrome', []);
    expect(await runtimeSend()({ type: 'otp.suggest' })).toBe('browser');
    expect(sent).toEqual([{ type: 'otp.suggest' }]);
  });

  it("falls back to Chrome's chrome.runtime (promise-returning in MV3)", async () => {
    const sent: unknown[] = [];
    g.chrome = fakeRuntime('chrome', sent);
    expect(await runtimeSend()({ type: 'ledger.fingerprintList' })).toBe('chrome');
    expect(sent).toHaveLength(1);
  });

  it('throws outside an extension', () => {
    expect(() => runtimeSend()).toThrow(/no extension runtime/);
  });
});
