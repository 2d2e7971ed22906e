// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hardwareSignal } from '../../../../sdk/browser/signals/hardware';
import { languagesSignal } from '../../../../sdk/browser/signals/languages';
import { screenSignal } from '../../../../sdk/browser/signals/screen';
import { touchSignal } from '../../../../sdk/browser/signals/touch';
import { deviceTypeSignal } from '../../../../sdk/browser/signals/device-type';
import { randomDeviceId } from '../../../../sdk/browser/signals/device-id';

afterEach(() => vi.unstubAllGlobals());
const ctx = { location: false, site: 'shop.example' };

describe('device and locale signals', () => {
  it('hardware: cores and memory, null memory where the browser hides it', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 8, deviceMemory: 4 });
    expect(await hardwareSignal.collect(ctx)).toEqual({ hardwareConcurrency: 8, deviceMemory: 4 });
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    expect(await hardwareSignal.collect(ctx)).toEqual({ hardwareConcurrency: 4, deviceMemory: null });
  });
  it('languages: ordered list, falling back to navigator.language', async () => {
    vi.stubGlobal('navigator', { languages: ['nb-NO', 'en-GB'], language: 'nb-NO' });
    expect(await languagesSignal.collect(ctx)).toEqual({ languages: ['nb-NO', 'en-GB'], language: 'nb-NO' });
    vi.stubGlobal('navigator', { languages: [], language: 'de' });
    expect(await languagesSignal.collect(ctx)).toEqual({ languages: ['de'], language: 'de' });
  });
  it('screen: size, available area, pixel ratio, colour depth', async () => {
    vi.stubGlobal('screen', { width: 1920, height: 1080, availWidth: 1920, availHeight: 1040, colorDepth: 24 });
    vi.stubGlobal('devicePixelRatio', 2);
    expect(await screenSignal.collect(ctx)).toEqual({ width: 1920, height: 1080, availWidth: 1920, availHeight: 1040, pixelRatio: 2, colorDepth: 24 });
  });
  it('touch: touch points, TouchEvent, coarse pointer', async () => {
    vi.stubGlobal('navigator', { maxTouchPoints: 5 });
    vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(pointer: coarse)' }));
    expect(await touchSignal.collect(ctx)).toMatchObject({ maxTouchPoints: 5, coarsePointer: true });
  });
  it('device type reads the UA and touch points', async () => {
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148', maxTouchPoints: 5 });
    expect(await deviceTypeSignal.collect(ctx)).toEqual({ type: 'mobile' });
  });
  it('device ids are 128-bit random base64url strings', () => {
    const ids = new Set(Array.from({ length: 100 }, () => randomDeviceId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
