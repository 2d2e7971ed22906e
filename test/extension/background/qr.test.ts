// QR decoding on generated images: the `qrcode` package draws the symbol, we render it to RGBA
// pixels (scaled, with a quiet zone, on a noisy page-like background) and decode with the
// extension's own decodeQr.
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeQr, type Pixels } from '../../../extension/background/qr';
import { parseOtpauthUri } from '../../../extension/otpauth';

function render(text: string, options: { scale: number; offsetX: number; offsetY: number; width: number; height: number; invert?: boolean }): Pixels {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const data = new Uint8ClampedArray(options.width * options.height * 4);
  // Page background: light grey with a little deterministic noise.
  for (let i = 0; i < data.length; i += 4) {
    const shade = 230 + ((i * 7919) % 17);
    data.set([shade, shade, shade, 255], i);
  }
  const quiet = 4;
  const side = (modules.size + 2 * quiet) * options.scale;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / options.scale) - quiet;
      const my = Math.floor(y / options.scale) - quiet;
      const dark = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size && modules.get(my, mx) === 1;
      const value = dark !== Boolean(options.invert) ? 0 : 255;
      data.set([value, value, value, 255], ((y + options.offsetY) * options.width + x + options.offsetX) * 4);
    }
  }
  return { data, width: options.width, height: options.height };
}

describe('decodeQr', () => {
  const uri = 'otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&period=30';

  it('reads an otpauth QR code placed somewhere on a screenshot-sized image', () => {
    const text = decodeQr(render(uri, { scale: 4, offsetX: 310, offsetY: 120, width: 800, height: 500 }));
    expect(text).toBe(uri);
    expect(parseOtpauthUri(text!)).toMatchObject({ issuer: 'Example', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' });
  });

  it('reads an inverted (light on dark) code', () => {
    expect(decodeQr(render(uri, { scale: 3, offsetX: 20, offsetY: 20, width: 300, height: 300, invert: true }))).toBe(uri);
  });

  it('returns null when no code is visible', () => {
    const blank = render('x', { scale: 1, offsetX: 0, offsetY: 0, width: 200, height: 200 });
    blank.data.fill(240);
    expect(decodeQr(blank)).toBeNull();
  });
});
