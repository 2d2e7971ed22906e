import { describe, expect, it } from 'vitest';
import { clearClipboardIn } from '../../extension/clipboard-clear';

/** A document twin whose execCommand('copy') fires the copy listeners like a browser does. */
function documentTwin(accepts: boolean) {
  const listeners = new Set<(event: ClipboardEvent) => void>();
  const written: Record<string, string> = {};
  let prevented = false;
  const doc = {
    addEventListener: (_type: string, fn: (event: ClipboardEvent) => void) => listeners.add(fn),
    removeEventListener: (_type: string, fn: (event: ClipboardEvent) => void) => listeners.delete(fn),
    execCommand(command: string) {
      if (command !== 'copy' || !accepts) return false;
      const event = { clipboardData: { setData: (type: string, value: string) => (written[type] = value) }, preventDefault: () => (prevented = true) };
      for (const fn of listeners) fn(event as unknown as ClipboardEvent);
      return true;
    },
  };
  return { doc: doc as unknown as Document, written, listeners, wasPrevented: () => prevented };
}

describe('clearClipboardIn', () => {
  it('writes empty text through a copy event and removes its listener', () => {
    const twin = documentTwin(true);
    expect(clearClipboardIn(twin.doc)).toBe(true);
    expect(twin.written).toEqual({ 'text/plain': '' });
    expect(twin.wasPrevented()).toBe(true);
    expect(twin.listeners.size).toBe(0);
  });
  it('reports false (and cleans up) when the browser refuses the copy', () => {
    const twin = documentTwin(false);
    expect(clearClipboardIn(twin.doc)).toBe(false);
    expect(twin.listeners.size).toBe(0);
  });
});
