// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { locationSignal, roundCoordinate } from '../../../../sdk/browser/signals/location';
import { SIGNAL_INFOS } from '../../../../sdk/browser/signals/catalogue';

function stubNavigator(permission: PermissionState | null, coords?: { latitude: number; longitude: number; accuracy: number }) {
  const getCurrentPosition = vi.fn((ok: PositionCallback) => ok({ coords, timestamp: 0 } as unknown as GeolocationPosition));
  vi.stubGlobal('navigator', {
    ...(permission ? { permissions: { query: vi.fn(async () => ({ state: permission })) } } : {}),
    geolocation: { getCurrentPosition },
  });
  return getCurrentPosition;
}

afterEach(() => vi.unstubAllGlobals());

describe('location signal', () => {
  it('rounds to 2 decimals (~1.1 km)', () => {
    expect(roundCoordinate(59.913868)).toBe(59.91);
    expect(roundCoordinate(-33.868819)).toBe(-33.87);
  });
  it('is only enabled when the site opts in', () => {
    const locationInfo = SIGNAL_INFOS.find((s) => s.id === 'location');
    expect(locationInfo?.enabled?.({ location: false })).toBe(false);
    expect(locationInfo?.enabled?.({ location: true })).toBe(true);
  });
  it.each(['prompt', 'denied'] as const)('never asks for a position when the permission is %s', async (state) => {
    const getCurrentPosition = stubNavigator(state);
    expect(await locationSignal.collect({ location: true, site: 'shop.example' })).toBe('not-permitted');
    expect(getCurrentPosition).not.toHaveBeenCalled();
  });
  it('without the Permissions API it does not risk a prompt', async () => {
    const getCurrentPosition = stubNavigator(null);
    expect(await locationSignal.collect({ location: true, site: 'shop.example' })).toBe('unsupported');
    expect(getCurrentPosition).not.toHaveBeenCalled();
  });
  it('returns a rounded position when already granted', async () => {
    stubNavigator('granted', { latitude: 63.430515, longitude: 10.395053, accuracy: 2500 });
    expect(await locationSignal.collect({ location: true, site: 'shop.example' })).toEqual({ lat: 63.43, lon: 10.4, accuracyKm: 3 });
  });
});
