import { describe, expect, it } from 'vitest';
import { canonicalIp, isPublicIp, parseCidr, parseIp } from '../../../../sdk/server/geo/ip';

describe('IP parsing', () => {
  it('parses IPv4 and rejects malformed addresses', () => {
    expect(parseIp('192.0.2.1')).toEqual({ version: 4, value: 0xc0000201n });
    for (const bad of ['192.0.2', '192.0.2.256', '1.2.3.4.5', 'a.b.c.d', '', '01234.1.1.1']) expect(parseIp(bad)).toBeUndefined();
  });

  it('parses IPv6 with compression, zones and embedded IPv4', () => {
    expect(parseIp('2001:db8::1')).toEqual({ version: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIp('::1')?.value).toBe(1n);
    expect(parseIp('fe80::1%eth0')?.value).toBe((0xfe80n << 112n) | 1n);
    expect(parseIp('64:ff9b::192.0.2.1')?.value).toBe((0x64n << 112n) | (0xff9bn << 96n) | 0xc0000201n);
    for (const bad of ['2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'gggg::1', '12345::']) expect(parseIp(bad)).toBeUndefined();
  });

  it('reports IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ version: 4, value: 0xc0000201n });
  });

  it('parses CIDR ranges', () => {
    expect(parseCidr('192.0.2.77/24')).toEqual({ version: 4, first: 0xc0000200n, last: 0xc00002ffn });
    expect(parseCidr('192.0.2.7')).toEqual({ version: 4, first: 0xc0000207n, last: 0xc0000207n });
    expect(parseCidr('2001:db8::/32')?.last).toBe((0x20010db8n << 96n) | ((1n << 96n) - 1n));
    for (const bad of ['192.0.2.0/33', '192.0.2.0/x', '192.0.2.0/24/1', 'nope/8']) expect(parseCidr(bad)).toBeUndefined();
  });

  it('tells public from private, loopback and documentation addresses', () => {
    const pub = (ip: string) => isPublicIp(parseIp(ip)!);
    expect(pub('8.8.8.8')).toBe(true);
    expect(pub('2001:4860:4860::8888')).toBe(true);
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', '169.254.1.1', '::1', 'fd00::1', 'fe80::1', '203.0.113.7'])
      expect(pub(ip)).toBe(false);
  });

  it('canonicalIp: IPv4-mapped IPv6 becomes dotted, IPv6 lower-case, junk unchanged', () => {
    expect(canonicalIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalIp('::FFFF:C000:0201')).toBe('192.0.2.1');
    expect(canonicalIp(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(canonicalIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(canonicalIp('not-an-ip')).toBe('not-an-ip');
  });
});
