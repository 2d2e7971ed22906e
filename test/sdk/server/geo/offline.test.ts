import { describe, expect, it } from 'vitest';
import { greatCircleKm } from '../../../../sdk/server/geo/distance';
import { createOfflineGeo, lookupAsn } from '../../../../sdk/server/geo/offline';

// Uses the compact data file `node build.mjs` writes (dist/geo/ip-geo.bin.gz); no network.
describe('offline geo resolver', () => {
  const geo = createOfflineGeo();

  it("resolves Google's public DNS to the US and AS15169, with coordinates and accuracy", async () => {
    const info = await geo('8.8.8.8');
    expect(info).toMatchObject({ country: 'US', asn: '15169' });
    expect(typeof info?.lat).toBe('number');
    expect(typeof info?.lon).toBe('number');
    expect(info?.accuracyKm).toBeGreaterThan(0);
  });

  it('resolves IPv6 too', async () => {
    expect(lookupAsn('2001:4860:4860::8888')).toBe('15169');
    expect((await geo('2001:4860:4860::8888'))?.country).toBe('US');
  });

  it('knows nothing about private, reserved or malformed addresses', async () => {
    for (const ip of ['10.0.0.1', '127.0.0.1', '192.168.1.1', 'nonsense']) expect(await geo(ip)).toBeUndefined();
  });
});

describe('offline geo preload', () => {
  it('preloading at startup does not break lookups', async () => {
    const preloaded = createOfflineGeo({ preload: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await preloaded('8.8.8.8'))?.asn).toBe('15169');
  });
});

describe('offline geo without its data file', () => {
  it('says which file is missing and how to fix it, at the first lookup, not at creation; a preload does not crash the process', async () => {
    const dataFile = '/nonexistent/ip-geo.bin.gz';
    const geo = createOfflineGeo({ dataFile, preload: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(() => geo('8.8.8.8')).toThrow(expect.objectContaining({ code: 'geo_data_missing', message: expect.stringContaining(dataFile) }));
    // Private addresses are answered without the data.
    expect(geo('10.0.0.1')).toBeUndefined();
  });
});

describe('greatCircleKm', () => {
  it('Oslo–Bergen ≈ 305 km, London–New York ≈ 5570 km, same point 0', () => {
    expect(greatCircleKm(59.9139, 10.7522, 60.3913, 5.3221)).toBeCloseTo(305, -1);
    expect(greatCircleKm(51.5074, -0.1278, 40.7128, -74.006)).toBeCloseTo(5570, -1);
    expect(greatCircleKm(1, 2, 1, 2)).toBe(0);
  });
});
