// The automatic backup's download (extension/background/backup/download.ts): a fixed name that
// overwrites, no save dialog; a blob: URL where the background has URL.createObjectURL (Firefox's
// event page), a data: URL with the same bytes where it has not (Chrome's service worker).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadText } from '../../../../extension/background/backup/download';

const calls: { url: string; filename: string; conflictAction?: string; saveAs?: boolean }[] = [];
const downloads = { download: async (options: (typeof calls)[number]) => calls.push(options) };

describe('downloadText', () => {
  afterEach(() => {
    calls.length = 0;
    vi.unstubAllGlobals();
  });

  it('uses a blob: URL when the background can make one', async () => {
    await downloadText(downloads, 'Twofold/twofold-backup.json', '{"ø":1}\n');
    expect(calls).toEqual([{ url: expect.stringMatching(/^blob:/), filename: 'Twofold/twofold-backup.json', conflictAction: 'overwrite', saveAs: false }]);
  });

  it('falls back to a data: URL carrying the UTF-8 text', async () => {
    vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: undefined }));
    await downloadText(downloads, 'Twofold/twofold-backup.json', '{"ø":1}\n');
    const url = calls[0]!.url;
    expect(url.startsWith('data:application/json;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe('{"ø":1}\n');
    expect(calls[0]).toMatchObject({ conflictAction: 'overwrite', saveAs: false });
  });
});
