// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HIGH_ENTROPY_HINTS, userAgentSignal } from '../../../../sdk/browser/signals/user-agent';

afterEach(() => vi.unstubAllGlobals());

describe('user-agent signal', () => {
  it('Firefox-like browsers (no userAgentData) give the UA string and clientHints null', async () => {
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    expect(await userAgentSignal.collect({ location: false, site: 'shop.example' })).toEqual({
      userAgent: expect.stringContaining('Firefox'),
      clientHints: null,
    });
  });
  it('asks Chromium for the high-entropy hints and keeps only those', async () => {
    const getHighEntropyValues = vi.fn(async () => ({
      platform: 'Linux',
      brands: [],
      mobile: false,
      platformVersion: '6.1.0',
      architecture: 'x86',
      bitness: '64',
      extra: 'dropped',
    }));
    vi.stubGlobal('navigator', {
      userAgent: 'UA',
      userAgentData: { brands: [{ brand: 'Chromium', version: '131' }], mobile: false, platform: 'Linux', getHighEntropyValues },
    });
    const value = (await userAgentSignal.collect({ location: false, site: 'shop.example' })) as {
      clientHints: { highEntropy: Record<string, unknown>; platform: string };
    };
    expect(getHighEntropyValues).toHaveBeenCalledWith(HIGH_ENTROPY_HINTS);
    expect(value.clientHints.platform).toBe('Linux');
    expect(value.clientHints.highEntropy).toEqual({ platformVersion: '6.1.0', architecture: 'x86', bitness: '64' });
  });
  it('a rejected high-entropy request fails the signal (the runner turns that into an error entry)', async () => {
    vi.stubGlobal('navigator', {
      userAgent: 'UA',
      userAgentData: { brands: [], mobile: false, platform: 'X', getHighEntropyValues: () => Promise.reject(new Error('NotAllowedError')) },
    });
    await expect(userAgentSignal.collect({ location: false, site: 'shop.example' })).rejects.toThrow('NotAllowedError');
  });
});
