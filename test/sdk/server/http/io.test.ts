// The client IP the risk engine sees: X-Forwarded-For only behind a trusted proxy (`trustProxy`,
// `--trust-proxy`), and then the right-most entry no trusted proxy wrote (as Express's `trust
// proxy`), so a visitor cannot choose the IP their login is scored on by writing the first entry.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp, hasApiKey } from '../../../../sdk/server/http/io';
import { compileTrustProxy } from '../../../../sdk/server/http/proxy';

const request = (remoteAddress: string | undefined, forwarded?: string | string[]) =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientIp(request('192.0.2.10', '203.0.113.7'), false)).toBe('192.0.2.10');
    expect(clientIp(request('192.0.2.10', '203.0.113.7'), 0)).toBe('192.0.2.10');
    expect(clientIp(request('192.0.2.10', '203.0.113.7'), true)).toBe('203.0.113.7');
  });

  it('takes the right-most untrusted entry: a spoofed first hop is ignored', () => {
    // The client wrote "6.6.6.6"; the one proxy appended the address it saw.
    expect(clientIp(request('192.0.2.10', '6.6.6.6, 203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientIp(request('192.0.2.10', '6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    // Two proxies (CDN, then nginx): the CDN appended the client, nginx appended the CDN.
    expect(clientIp(request('10.0.0.2', '6.6.6.6, 203.0.113.7, 10.0.0.1'), 2)).toBe('203.0.113.7');
    expect(clientIp(request('10.0.0.2', ['6.6.6.6, 203.0.113.7', '10.0.0.1']), 2)).toBe('203.0.113.7');
    // More hops trusted than entries: the left-most address, as Express does.
    expect(clientIp(request('192.0.2.10', '203.0.113.7'), 5)).toBe('203.0.113.7');
  });

  it('trusts proxies by address or CIDR range, named ranges included', () => {
    const behind = (peer: string, xff: string) => clientIp(request(peer, xff), ['10.0.0.0/8', 'loopback']);
    expect(behind('10.1.2.3', '6.6.6.6, 203.0.113.7, 10.0.0.9')).toBe('203.0.113.7');
    expect(behind('127.0.0.1', '6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
    // A peer outside the ranges is the client, whatever it forwards.
    expect(behind('198.51.100.1', '6.6.6.6, 10.0.0.9')).toBe('198.51.100.1');
    expect(clientIp(request('::ffff:10.0.0.5', '203.0.113.7'), '10.0.0.0/8, 192.168.0.0/16')).toBe('203.0.113.7');
    expect(clientIp(request('2001:db8::5', '203.0.113.7'), ['2001:db8::/32'])).toBe('203.0.113.7');
  });

  it('stops at an entry that is not an address instead of believing what lies behind it', () => {
    expect(clientIp(request('192.0.2.10', '203.0.113.7, <script>'), 2)).toBe('192.0.2.10');
  });

  it('falls back to the socket when the trusted header is empty, unmapping IPv4-mapped IPv6', () => {
    expect(clientIp(request('::ffff:192.0.2.10', ''), true)).toBe('192.0.2.10');
    expect(clientIp(request('2001:db8::1'), false)).toBe('2001:db8::1');
    expect(clientIp(request(undefined), false)).toBe('0.0.0.0');
  });

  it('refuses a malformed trustProxy setting with a message naming it', () => {
    expect(() => compileTrustProxy(['10.0.0.0/33'])).toThrow(/10\.0\.0\.0\/33/);
    expect(() => compileTrustProxy('proxy.example')).toThrow(/not an IP address/);
    expect(() => compileTrustProxy(-1)).toThrow(/hop count/);
    expect(() => compileTrustProxy(1.5)).toThrow(/hop count/);
  });
});

describe('hasApiKey', () => {
  const withAuth = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as IncomingMessage;
  it('accepts exactly the configured key as a Bearer token', () => {
    expect(hasApiKey(withAuth('Bearer s3cret-key'), 's3cret-key')).toBe(true);
    expect(hasApiKey(withAuth('bearer s3cret-key'), 's3cret-key')).toBe(true);
    for (const wrong of ['Bearer s3cret-kex', 'Bearer s3cret-key2', 'Bearer s3cret', 'Basic s3cret-key', '', undefined])
      expect(hasApiKey(withAuth(wrong), 's3cret-key')).toBe(false);
    expect(hasApiKey(withAuth('Bearer anything'), undefined)).toBe(false);
  });
});
