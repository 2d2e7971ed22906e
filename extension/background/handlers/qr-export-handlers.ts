/**
 * One account as a QR code: the otpauth URI of the account, encoded with the `qrcode`
 * package, to scan it into a phone's authenticator. It shows the secret, so like the exports it
 * needs the vault unlocked AND the passphrase typed again (requireKeyAgain). The background sends
 * the QR matrix, not an image or markup: the page draws it, and nothing is fetched or injected.
 */
import QRCode from 'qrcode';
import { formatOtpauthUri } from '../../otpauth';
import type { HandlerMap } from '../router';
import { readEntry } from '../vault';
import type { BackgroundDeps } from './deps';
import { requireKeyAgain } from './common';

type QrExportHandlers = Pick<HandlerMap, 'accounts.exportQr'>;

/** The QR handler over `deps`. */
export function qrExportHandlers(deps: BackgroundDeps): QrExportHandlers {
  return {
    async 'accounts.exportQr'(request) {
      const key = await requireKeyAgain(deps, request.passphrase);
      const entry = await readEntry(deps.storage, key, request.id);
      const uri = formatOtpauthUri(entry.account);
      // Level M: phones read it from a screen at arm's length; URIs up to ~1 kB still fit.
      const qr = QRCode.create(uri, { errorCorrectionLevel: 'M' });
      let modules = '';
      for (let i = 0; i < qr.modules.size * qr.modules.size; i++) modules += qr.modules.data[i] ? '1' : '0';
      return { uri, size: qr.modules.size, modules };
    },
  };
}
