import { describe, expect, it } from 'vitest';
import { classifyDevice } from '../../../../sdk/browser/signals/device-type';

const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipadOld: 'Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  androidPhone: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  androidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  androidReduced: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  kindle: 'Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.0.0 Safari/537.36',
};

describe('classifyDevice', () => {
  it.each([
    ['Chrome on Windows', UA.chromeWindows, undefined, 0, 'desktop'],
    ['Firefox on Linux (no client hints)', UA.firefoxLinux, undefined, 0, 'desktop'],
    ['Safari on a Mac without touch', UA.safariMac, undefined, 0, 'desktop'],
    ['iPadOS 13+ (Mac UA with touch)', UA.safariMac, undefined, 5, 'tablet'],
    ['iPhone', UA.iphone, undefined, 5, 'mobile'],
    ['old iPad UA', UA.ipadOld, undefined, 5, 'tablet'],
    ['Android phone', UA.androidPhone, true, 5, 'mobile'],
    ['Android tablet', UA.androidTablet, false, 10, 'tablet'],
    ['reduced Android UA, UA-CH says mobile', UA.androidReduced, true, 5, 'mobile'],
    ['reduced Android UA, UA-CH says not mobile', UA.androidReduced, false, 5, 'tablet'],
    ['Kindle Silk', UA.kindle, false, 5, 'tablet'],
    ['any UA with the UA-CH mobile hint', UA.chromeWindows, true, 5, 'mobile'],
  ] as const)('%s → %s', (_name, userAgent, mobileHint, maxTouchPoints, expected) => {
    expect(classifyDevice({ userAgent, mobileHint, maxTouchPoints })).toBe(expected);
  });
});
