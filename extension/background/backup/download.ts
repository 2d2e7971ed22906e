/** Writes a text file through the downloads API without a save dialog (the automatic backup). */
import { toBase64 } from '../crypto';

/** The part of `downloads` used here (webextension-polyfill's signature). */
export interface DownloadsApi {
  download(options: { url: string; filename: string; conflictAction?: 'uniquify' | 'overwrite' | 'prompt'; saveAs?: boolean }): Promise<number>;
}

/**
 * Downloads `text` as `fileName` (relative to the downloads folder), replacing a file of that name.
 * Chrome's MV3 service worker has no URL.createObjectURL, so there the file travels as a data: URL;
 * Firefox's event page has it, and Firefox's downloads.download refuses data: URLs, so a blob: URL
 * (revoked a minute later, once the download has read it).
 */
export async function downloadText(downloads: DownloadsApi, fileName: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const canBlob = typeof URL.createObjectURL === 'function';
  const url = canBlob ? URL.createObjectURL(new Blob([bytes], { type: 'application/json' })) : `data:application/json;base64,${toBase64(bytes)}`;
  try {
    await downloads.download({ url, filename: fileName, conflictAction: 'overwrite', saveAs: false });
  } finally {
    if (canBlob) setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
