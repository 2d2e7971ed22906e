/**
 * Reading a QR code from pixels (jsQR). The decode is pure so it is unit-tested on generated
 * images; `decodeQrFromDataUrl` is the edge used with `tabs.captureVisibleTab` in the background
 * (OffscreenCanvas exists in Chrome's service worker and in Firefox's event page).
 */
import jsQR from 'jsqr';
import { TwofoldError } from '../../sdk/protocol/errors';

/** RGBA pixels, as in ImageData. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The text of the first QR code found in `pixels`, or null when there is none. */
export function decodeQr(pixels: Pixels): string | null {
  const found = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  return found?.data ? found.data : null;
}

/** Decodes a QR code in a screenshot (`data:image/png;base64,...`); a typed error when none is visible. */
export async function decodeQrFromDataUrl(dataUrl: string): Promise<string> {
  const blob = await (await fetch(dataUrl)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new TwofoldError('qr_unavailable', 'This browser cannot read the screenshot pixels needed to scan a QR code.');
  context.drawImage(bitmap, 0, 0);
  const text = decodeQr(context.getImageData(0, 0, bitmap.width, bitmap.height));
  if (text === null)
    throw new TwofoldError('qr_not_found', 'No QR code is visible in the current tab. Scroll it fully into view (not cut off) and try again.', { status: 404 });
  return text;
}
