// The background's half of clipboard clearing: the copied code waits in the session area until the
// alarm and is taken exactly once; the clear itself runs in a DOM (here: a document twin on
// globalThis, as in Firefox's event page) and only if the clipboard still holds that code.
import { afterEach, describe, expect, it } from 'vitest';
import { COPIED_CODE_KEY, clearCopiedCode, rememberCopiedCode, takeCopiedCode } from '../../../extension/background/clipboard';
import { memoryArea } from '../../../extension/background/session';

function installDocument(clipboard: { text: string }) {
  const listeners: Record<string, ((event: unknown) => void) | undefined> = {};
  (globalThis as { document?: unknown }).document = {
    addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] = fn),
    removeEventListener: (type: string) => (listeners[type] = undefined),
    execCommand(command: string) {
      let written: string | undefined;
      listeners[command]?.({ clipboardData: { getData: () => clipboard.text, setData: (_t: string, v: string) => (written = v) }, preventDefault() {} });
      if (written !== undefined) clipboard.text = written;
      return true;
    },
  };
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('background clipboard clearing', () => {
  it('takes the remembered code once', async () => {
    const area = memoryArea();
    await rememberCopiedCode(area, '111111');
    await rememberCopiedCode(area, '222222'); // a later copy replaces the earlier one
    expect(await takeCopiedCode(area)).toBe('222222');
    expect(await takeCopiedCode(area)).toBeUndefined();
    expect(await area.get(COPIED_CODE_KEY)).toEqual({});
  });

  it('clears the clipboard at the alarm only if it still holds the copied code', async () => {
    const clipboard = { text: '482913' };
    installDocument(clipboard);
    const area = memoryArea();
    await rememberCopiedCode(area, '482913');
    expect(await clearCopiedCode(area)).toBe('cleared');
    expect(clipboard.text).toBe('');

    clipboard.text = 'a password the user copied';
    await rememberCopiedCode(area, '482913');
    expect(await clearCopiedCode(area)).toBe('replaced');
    expect(clipboard.text).toBe('a password the user copied');
    expect(await clearCopiedCode(area)).toBe('nothing-copied');
  });
});
