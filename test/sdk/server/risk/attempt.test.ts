import { describe, expect, it } from 'vitest';
import { createTableGeo } from '../../../../sdk/server/geo/table';
import { normalizeAsn, normalizeAttempt } from '../../../../sdk/server/risk/attempt';
import { parseUserAgent } from '../../../../sdk/server/risk/user-agent';
import { CHROME_MAC, SAFARI_IPHONE } from './helpers';

const geo = createTableGeo({ '198.51.100.0/24': { country: 'no', asn: 'AS2119', lat: 59.9, lon: 10.7, accuracyKm: 5 } });

describe('normalizeAttempt', () => {
  it('accepts a Date or ms for time and fills country, ASN and coordinates from geo', async () => {
    const at = new Date(Date.UTC(2026, 0, 1));
    const n = await normalizeAttempt({ userId: 'u', time: at, ip: '198.51.100.1', userAgent: CHROME_MAC }, geo);
    expect(n).toMatchObject({ time: at.getTime(), country: 'NO', asn: '2119', lat: 59.9, lon: 10.7, accuracyKm: 5 });
    expect(n.ua).toEqual({ browser: 'Chrome 120', os: 'Mac OS 10', deviceType: 'desktop' });
    expect((await normalizeAttempt({ userId: 'u', time: at.getTime(), ip: '198.51.100.1', userAgent: CHROME_MAC }, geo)).time).toBe(at.getTime());
  });

  it("uses the dotted form of IPv4-mapped addresses (Node's remoteAddress) for features and geo", async () => {
    const n = await normalizeAttempt({ userId: 'u', time: 1, ip: '::ffff:198.51.100.1', userAgent: CHROME_MAC }, geo);
    expect(n).toMatchObject({ ip: '198.51.100.1', country: 'NO' });
  });

  it('keeps only known fields and drops empty ones', async () => {
    const n = await normalizeAttempt(
      { userId: 'u', time: 1, ip: '192.0.2.1', userAgent: CHROME_MAC, deviceId: '', timezone: 'Europe/Oslo', extra: 'x' } as never,
      undefined,
    );
    expect(n).toEqual({ userId: 'u', time: 1, ip: '192.0.2.1', userAgent: CHROME_MAC, ua: parseUserAgent(CHROME_MAC), timezone: 'Europe/Oslo' });
  });

  it('ignores wrongly typed optional fields instead of failing (hostile input)', async () => {
    const hostile = {
      userId: 'u',
      time: 1,
      ip: '198.51.100.1',
      userAgent: 42,
      country: 7,
      asn: { x: 1 },
      deviceId: ['d'],
      languages: 'en',
      automation: 'yes',
      consent: 'no',
      rttMs: '5',
    };
    const n = await normalizeAttempt(hostile as never, geo);
    expect(n).toMatchObject({ userAgent: '', country: 'NO', asn: '2119' });
    for (const key of ['deviceId', 'languages', 'automation', 'consent', 'rttMs']) expect(n).not.toHaveProperty(key);
  });

  it('normalizes ASNs in their common spellings', () => {
    expect(normalizeAsn('AS2119')).toBe('2119');
    expect(normalizeAsn(2119)).toBe('2119');
    expect(normalizeAsn('as 2119')).toBeUndefined();
    expect(normalizeAsn('')).toBeUndefined();
  });
});

describe('parseUserAgent (ua-parser-js 1.x)', () => {
  it('names browser and OS with major versions, and the device type', () => {
    expect(parseUserAgent(SAFARI_IPHONE)).toEqual({ browser: 'Mobile Safari 17', os: 'iOS 17', deviceType: 'mobile' });
    expect(parseUserAgent('')).toEqual({ browser: 'unknown', os: 'unknown', deviceType: 'desktop' });
  });
});
