// The automatic backup's download (extension/background/backup/download.ts): a fixed name that
// overwrites, no save dialog; a blob: URL where the background has URL.createObjectURL (Firefox's
// event page), a data: URL with the same bytes where it has not (Chrome's service worker). It
// resolves once the browser reports the file complete, rejects with the reason when the browser
// interrupts it, and erases the finished entry from the downloads list (the file stays).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOWNLOAD_TIMEOUT_MS, type DownloadDelta, type DownloadsApi, downloadText } from '../../../../extension/background/backup/download';

type Call = { url: string; filename: string; conflictAction?: string; saveAs?: boolean };

/** A downloads API twin: each download gets the next id and ends as `outcome`, reported before or after `download` resolves. */
function fakeDownloads(outcome: { state: 'complete' | 'interrupted'; error?: string; when: 'before-listen' | 'event' | 'never' }) {
  const calls: Call[] = [];
  const erased: number[] = [];
  const listeners = new Set<(delta: DownloadDelta) => void>();
  const items = new Map<number, { state: string; error?: string }>();
  const api: DownloadsApi = {
    async download(options) {
      calls.push(options);
      const id = calls.length;
      items.set(id, { state: 'in_progress' });
      const end = () => {
        items.set(id, { state: outcome.state, ...(outcome.error ? { error: outcome.error } : {}) });
        for (const listener of listeners) listener({ id, state: { current: outcome.state }, ...(outcome.error ? { error: { current: outcome.error } } : {}) });
      };
      if (outcome.when === 'before-listen') end();
      else if (outcome.when === 'event') setTimeout(end, 5);
      return id;
    },
    search: async ({ id }) => (items.has(id) ? [items.get(id)!] : []),
    erase: async ({ id }) => {
      erased.push(id);
      return [id];
    },
    onChanged: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
  };
  return { api, calls, erased, listeners };
}

describe('downloadText', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses a blob: URL when the background can make one, waits for the file, then erases the list entry', async () => {
    const fake = fakeDownloads({ state: 'complete', when: 'event' });
    await downloadText(fake.api, 'Twofold/twofold-backup.json', '{"ø":1}\n');
    expect(fake.calls).toEqual([{ url: expect.stringMatching(/^blob:/), filename: 'Twofold/twofold-backup.json', conflictAction: 'overwrite', saveAs: false }]);
    expect(fake.erased).toEqual([1]);
    expect(fake.listeners.size).toBe(0);
  });

  it('sees a download that finished before it started listening', async () => {
    const fake = fakeDownloads({ state: 'complete', when: 'before-listen' });
    await downloadText(fake.api, 'Twofold/twofold-backup.json', '{}\n');
    expect(fake.erased).toEqual([1]);
  });

  it('rejects with the browser reason when the download is interrupted, and leaves that entry listed', async () => {
    const fake = fakeDownloads({ state: 'interrupted', error: 'FILE_NO_SPACE', when: 'event' });
    await expect(downloadText(fake.api, 'Twofold/twofold-backup.json', '{}\n')).rejects.toThrow(/stopped the download: FILE_NO_SPACE/);
    expect(fake.erased).toEqual([]);
    expect(fake.listeners.size).toBe(0);
  });

  it('rejects a download the browser never finishes once DOWNLOAD_TIMEOUT_MS passed, and stops listening', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeDownloads({ state: 'complete', when: 'never' });
      const written = downloadText(fake.api, 'Twofold/twofold-backup.json', '{}\n');
      const failed = expect(written).rejects.toThrow(/not written within a minute/);
      await vi.advanceTimersByTimeAsync(DOWNLOAD_TIMEOUT_MS);
      await failed;
      expect(fake.erased).toEqual([]);
      expect(fake.listeners.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to a data: URL carrying the UTF-8 text', async () => {
    vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: undefined }));
    const fake = fakeDownloads({ state: 'complete', when: 'event' });
    await downloadText(fake.api, 'Twofold/twofold-backup.json', '{"ø":1}\n');
    const url = fake.calls[0]!.url;
    expect(url.startsWith('data:application/json;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe('{"ø":1}\n');
    expect(fake.calls[0]).toMatchObject({ conflictAction: 'overwrite', saveAs: false });
  });
});
