/** Writes a text file through the downloads API without a save dialog (the automatic backup). */
import { toBase64 } from '../crypto';

/** One change of a download, as `downloads.onChanged` reports it. */
export interface DownloadDelta {
  id: number;
  state?: { current?: string };
  error?: { current?: string };
}

/** The part of `downloads` used here (webextension-polyfill's signatures). */
export interface DownloadsApi {
  download(options: { url: string; filename: string; conflictAction?: 'uniquify' | 'overwrite' | 'prompt'; saveAs?: boolean }): Promise<number>;
  search(query: { id: number }): Promise<{ state?: string; error?: string }[]>;
  erase(query: { id: number }): Promise<number[]>;
  onChanged: { addListener(listener: (delta: DownloadDelta) => void): void; removeListener(listener: (delta: DownloadDelta) => void): void };
}

/** How long a backup of a few KB may take to reach the disk before it counts as failed. */
export const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Resolves with the download's final state: `complete`, `interrupted` (with the browser's reason) or `timeout`. */
function settled(downloads: DownloadsApi, id: number): Promise<{ state: string; error?: string | undefined }> {
  return new Promise((resolve) => {
    const finish = (state: string, error?: string) => {
      clearTimeout(timer);
      downloads.onChanged.removeListener(onChanged);
      resolve({ state, error });
    };
    const onChanged = (delta: DownloadDelta) => {
      const state = delta.state?.current;
      if (delta.id === id && (state === 'complete' || state === 'interrupted')) finish(state, delta.error?.current);
    };
    const timer = setTimeout(() => finish('timeout'), DOWNLOAD_TIMEOUT_MS);
    downloads.onChanged.addListener(onChanged);
    // It may have finished before the listener was added.
    downloads.search({ id }).then(
      ([item]) => item && (item.state === 'complete' || item.state === 'interrupted') && finish(item.state, item.error),
      () => {},
    );
  });
}

/**
 * Downloads `text` as `fileName` (relative to the downloads folder), replacing a file of that name,
 * and resolves once the file is on disk; a download the browser interrupted (disk full, folder not
 * writable) rejects with its reason, so the backup reports a failure instead of success. The entry
 * is then erased from the downloads list (the file stays): an automatic backup is not something the
 * user downloaded, and one entry per vault change would bury their own downloads.
 * Chrome's MV3 service worker has no URL.createObjectURL, so there the file travels as a data: URL;
 * Firefox's event page has it, and Firefox's downloads.download refuses data: URLs, so a blob: URL
 * (revoked once the download has finished reading it).
 */
export async function downloadText(downloads: DownloadsApi, fileName: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const canBlob = typeof URL.createObjectURL === 'function';
  const url = canBlob ? URL.createObjectURL(new Blob([bytes], { type: 'application/json' })) : `data:application/json;base64,${toBase64(bytes)}`;
  try {
    const id = await downloads.download({ url, filename: fileName, conflictAction: 'overwrite', saveAs: false });
    const { state, error } = await settled(downloads, id);
    if (state !== 'complete')
      throw new Error(state === 'timeout' ? 'the file was not written within a minute' : `the browser stopped the download: ${error ?? 'unknown reason'}`);
    await downloads.erase({ id }).catch(() => {}); // only the list entry; the backup itself is written
  } finally {
    if (canBlob) URL.revokeObjectURL(url);
  }
}
