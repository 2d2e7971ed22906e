// The scan's search order and its answers: on screen first, then the page's own QR images; an
// otpauth code wins over another QR code; only unreadable (cross-origin) images → qr_tainted;
// nothing → qr_not_found. The page's reply is validated (it is page-controlled).
import { describe, expect, it } from 'vitest';
import { findQrText, parsePageQrImages } from '../../../extension/background/qr-scan';

const png = (name: string) => `data:image/png;base64,${name}`;
const OTP = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP';

function deps(pictures: Record<string, string>, page?: { images: string[]; tainted: number }) {
  const asked: string[] = [];
  return {
    asked,
    captureVisibleTab: async () => ({ dataUrl: png('screen'), pageUrl: 'https://github.com/setup' }),
    decodeQr: async (dataUrl: string) => {
      asked.push(dataUrl);
      const text = pictures[dataUrl];
      if (text === undefined) throw new Error('no QR');
      return text;
    },
    ...(page ? { pageQrImages: async () => page } : {}),
  };
}

describe('finding the QR code to scan', () => {
  it('takes a code on screen without asking the page', async () => {
    const d = deps({ [png('screen')]: OTP }, { images: [png('a')], tainted: 0 });
    expect(await findQrText(d, 1)).toEqual({ text: OTP, pageUrl: 'https://github.com/setup' });
    expect(d.asked).toEqual([png('screen')]);
  });

  it('reads the page images when the screen has none, or only a QR code that is not otpauth', async () => {
    expect(await findQrText(deps({ [png('b')]: OTP }, { images: [png('a'), png('b')], tainted: 0 }), 1)).toEqual({
      text: OTP,
      pageUrl: 'https://github.com/setup',
    });
    expect((await findQrText(deps({ [png('screen')]: 'https://example.com/menu', [png('a')]: OTP }, { images: [png('a')], tainted: 0 }), 1)).text).toBe(OTP);
    // Only a non-otpauth code anywhere: returned as found, so the parser says what it is.
    expect((await findQrText(deps({ [png('a')]: 'WIFI:S:cafe;;' }, { images: [png('a')], tainted: 0 }), 1)).text).toBe('WIFI:S:cafe;;');
  });

  it('names the cross-origin case; otherwise says nothing was found', async () => {
    await expect(findQrText(deps({}, { images: [], tainted: 1 }), 1)).rejects.toMatchObject({ code: 'qr_tainted' });
    await expect(findQrText(deps({}, { images: [png('a')], tainted: 0 }), 1)).rejects.toMatchObject({ code: 'qr_not_found' });
    await expect(findQrText(deps({}), 1)).rejects.toMatchObject({ code: 'qr_not_found' });
  });

  it('a failed screenshot (Chrome allows two a second) still reads the page, with the page URL for binding', async () => {
    const d = { ...deps({ [png('a')]: OTP }, { images: [png('a')], tainted: 0 }), captureVisibleTab: async () => Promise.reject(new Error('quota')) };
    const withUrl = { ...d, pageQrImages: async () => ({ images: [png('a')], tainted: 0, pageUrl: 'https://github.com/setup' }) };
    expect(await findQrText(withUrl, 1)).toEqual({ text: OTP, pageUrl: 'https://github.com/setup' });
  });

  it('a malformed or oversized page reply counts as no images', () => {
    expect(parsePageQrImages(undefined)).toEqual({ images: [], tainted: 0 });
    expect(parsePageQrImages({ images: ['javascript:alert(1)'], tainted: 0 })).toEqual({ images: [], tainted: 0 });
    expect(parsePageQrImages({ images: Array(9).fill(png('a')), tainted: 0 })).toEqual({ images: [], tainted: 0 });
    expect(parsePageQrImages({ images: [png('a')], tainted: -1 })).toEqual({ images: [], tainted: 0 });
    expect(parsePageQrImages({ images: [png('a')], tainted: 2 })).toEqual({ images: [png('a')], tainted: 2 });
  });
});
