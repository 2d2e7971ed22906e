import { describe, expect, it } from 'vitest';
import { clearClipboardIfStill, clearClipboardIn, readClipboardIn, shouldClear } from '../../extension/clipboard-clear';

/**
 * A document twin with a one-entry clipboard: execCommand('copy'/'paste') fires the copy/paste
 * listeners like a browser does; `allow` says which commands the browser accepts.
 */
function documentTwin(clipboard: string, allow: { copy?: boolean; paste?: boolean } = { copy: true, paste: true }) {
  const listeners = { copy: new Set<(event: ClipboardEvent) => void>(), paste: new Set<(event: ClipboardEvent) => void>() };
  const state = { clipboard, prevented: 0 };
  const doc = {
    addEventListener: (type: 'copy' | 'paste', fn: (event: ClipboardEvent) => void) => listeners[type].add(fn),
    removeEventListener: (type: 'copy' | 'paste', fn: (event: ClipboardEvent) => void) => listeners[type].delete(fn),
    execCommand(command: string) {
      if ((command !== 'copy' && command !== 'paste') || !allow[command]) return false;
      const pending: Record<string, string> = {};
      const clipboardData = { setData: (_t: string, value: string) => (pending.text = value), getData: () => state.clipboard };
      const event = { clipboardData, preventDefault: () => (state.prevented += 1) };
      for (const fn of listeners[command]) fn(event as unknown as ClipboardEvent);
      if (command === 'copy' && pending.text !== undefined) state.clipboard = pending.text;
      return true;
    },
  };
  return { doc: doc as unknown as Document, state, listeners };
}

describe('shouldClear', () => {
  it('clears only the exact copied code', () => {
    expect(shouldClear('482913', '482913')).toBe(true);
    expect(shouldClear('482913 ', '482913')).toBe(false);
    expect(shouldClear('my own text', '482913')).toBe(false);
    expect(shouldClear('', '482913')).toBe(false);
    expect(shouldClear(null, '482913')).toBe(false); // unreadable: never clear blind
    expect(shouldClear('', '')).toBe(false);
  });
});

describe('clearClipboardIn / readClipboardIn', () => {
  it('writes empty text through a copy event and removes its listener', () => {
    const twin = documentTwin('482913');
    expect(clearClipboardIn(twin.doc)).toBe(true);
    expect(twin.state.clipboard).toBe('');
    expect(twin.listeners.copy.size).toBe(0);
  });
  it('reports false (and cleans up) when the browser refuses the copy', () => {
    const twin = documentTwin('482913', { copy: false, paste: true });
    expect(clearClipboardIn(twin.doc)).toBe(false);
    expect(twin.listeners.copy.size).toBe(0);
  });
  it('reads the text through a paste event, null when paste is refused', () => {
    expect(readClipboardIn(documentTwin('hello').doc)).toBe('hello');
    const refused = documentTwin('hello', { copy: true, paste: false });
    expect(readClipboardIn(refused.doc)).toBeNull();
    expect(refused.listeners.paste.size).toBe(0);
  });
});

describe('clearClipboardIfStill', () => {
  it('clears the clipboard when it still holds the copied code', () => {
    const twin = documentTwin('482913');
    expect(clearClipboardIfStill(twin.doc, '482913')).toBe('cleared');
    expect(twin.state.clipboard).toBe('');
  });
  it('leaves what the user copied since', () => {
    const twin = documentTwin('the user copied this');
    expect(clearClipboardIfStill(twin.doc, '482913')).toBe('replaced');
    expect(twin.state.clipboard).toBe('the user copied this');
  });
  it('leaves an unreadable clipboard alone', () => {
    const twin = documentTwin('482913', { copy: true, paste: false });
    expect(clearClipboardIfStill(twin.doc, '482913')).toBe('unreadable');
    expect(twin.state.clipboard).toBe('482913');
  });
  it('reports a refused write', () => {
    expect(clearClipboardIfStill(documentTwin('482913', { copy: false, paste: true }).doc, '482913')).toBe('refused');
  });
});
