import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CompactGeoData, compactAsn, compactLookup, decodeCompactGeo, ROUNDING_KM } from '../../../../sdk/server/geo/compact';
import { parseIp } from '../../../../sdk/server/geo/ip';

// The compact file `node build.mjs` writes against the source data it was built from (geoip-lite and
// @ip-location-db/asn, devDependencies): same country and ASN, coordinates within the rounding.
const require = createRequire(import.meta.url);
/** Where build-geo-data.mjs writes the file (its GEO_DATA_FILE). */
const GEO_DATA_FILE = 'dist/geo/ip-geo.bin.gz';
interface GeoipLite {
  lookup(ip: string): { country: string; ll?: [number, number]; area?: number } | null;
}

/** A deterministic spread of addresses (xorshift), so a failure names an address that fails again. */
function* sampleIpv4(count: number): Generator<string> {
  let x = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const v = x >>> 0;
    yield `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
}

const csvLines = new Map<string, string[]>();
function asnFromCsv(file: string, value: bigint): string | undefined {
  let lines = csvLines.get(file);
  if (!lines) {
    lines = readFileSync(require.resolve(`@ip-location-db/asn/${file}`), 'utf8').split('\n');
    csvLines.set(file, lines);
  }
  // A linear scan is fine for a few addresses.
  for (const line of lines) {
    const [start, end, asn] = line.split(',');
    if (start && end && BigInt(start) <= value && value <= BigInt(end)) return asn;
  }
  return undefined;
}

describe('compact offline geo data', () => {
  let data: CompactGeoData;
  beforeAll(() => {
    data = decodeCompactGeo(readFileSync(new URL(`../../../../${GEO_DATA_FILE}`, import.meta.url)));
  });

  it('agrees with GeoLite2 City (geoip-lite) on country, and on coordinates within 0.05°, for 3,000 IPv4 addresses', () => {
    const geoip = require('geoip-lite') as GeoipLite;
    let known = 0;
    for (const ip of sampleIpv4(3000)) {
      const parsed = parseIp(ip)!;
      const source = geoip.lookup(ip);
      const compact = compactLookup(data, 4, parsed.value);
      if (!source?.country) {
        expect(compact, ip).toBeUndefined();
        continue;
      }
      known++;
      expect(compact?.country, ip).toBe(source.country);
      expect(Math.abs((compact?.lat ?? NaN) - (source.ll?.[0] ?? NaN)), ip).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs((compact?.lon ?? NaN) - (source.ll?.[1] ?? NaN)), ip).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(compact?.accuracyKm, ip).toBe((source.area ?? 0) + ROUNDING_KM);
    }
    // Most of the IPv4 space is allocated: the sample must have exercised real answers.
    expect(known).toBeGreaterThan(2000);
  });

  it('agrees with @ip-location-db/asn for IPv4 and IPv6 addresses', () => {
    const v4 = ['8.8.8.8', '1.1.1.1', '193.90.0.1', '81.167.32.10', '52.95.110.1', '0.0.0.1'];
    for (const ip of v4) expect(compactAsn(data, 4, parseIp(ip)!.value), ip).toBe(asnFromCsv('asn-ipv4-num.csv', parseIp(ip)!.value));
    const v6 = ['2001:4860:4860::8888', '2a00:1450:4001::1', '2606:4700::1111', '2001:67c:2e8::1'];
    for (const ip of v6) expect(compactAsn(data, 6, parseIp(ip)!.value), ip).toBe(asnFromCsv('asn-ipv6-num.csv', parseIp(ip)!.value));
  });

  it('refuses a truncated file, a file of another format and bytes that are not gzip, with geo_data_invalid', () => {
    const raw = readFileSync(new URL(`../../../../${GEO_DATA_FILE}`, import.meta.url));
    const whole = require('node:zlib').gunzipSync(raw) as Buffer;
    const cases = [gzipSync(whole.subarray(0, 5000)), gzipSync(Buffer.from('{"format":2}\n')), gzipSync(Buffer.from('no header')), Buffer.from('not gzip')];
    for (const bytes of cases) expect(() => decodeCompactGeo(bytes)).toThrow(expect.objectContaining({ code: 'geo_data_invalid' }));
  });
});
