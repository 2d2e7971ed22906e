/**
 * The bundle the background injects (scripting.executeScript, files) into the active tab's top
 * frame when the user clicks "Scan QR code": it only installs the collector in the extension's
 * isolated world; the background's second call runs it and receives the images.
 */
import { collectQrImages, QR_COLLECT_GLOBAL } from './qr-collect';

(globalThis as unknown as Record<string, unknown>)[QR_COLLECT_GLOBAL] = collectQrImages;
