// The client IP the risk engine sees: X-Forwarded-For only behind a trusted proxy (`--trust-proxy`),
// otherwise the socket's own address, so a visitor cannot choose the IP their login is scored on.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from '../../../../sdk/server/http/io';

const request = (remoteAddress: string | undefined, forwarded?: string | string[]) =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientIp(request('192.0.2.10', '203.0.113.7'), false)).toBe('192.0.2.10');
    expect(clientIp(request('192.0.2.10', '203.0.113.7'), true)).toBe('203.0.113.7');
  });

  it('behind a trusted proxy takes the first (client) entry of the list', () => {
    expect(clientIp(request('192.0.2.10', ' 203.0.113.7 , 10.0.0.1'), true)).toBe('203.0.113.7');
    expect(clientIp(request('192.0.2.10', ['198.51.100.4, 10.0.0.1', '10.0.0.2']), true)).toBe('198.51.100.4');
  });

  it('falls back to the socket when the trusted header is empty, unmapping IPv4-mapped IPv6', () => {
    expect(clientIp(request('::ffff:192.0.2.10', ''), true)).toBe('192.0.2.10');
    expect(clientIp(request('2001:db8::1'), false)).toBe('2001:db8::1');
    expect(clientIp(request(undefined), false)).toBe('0.0.0.0');
  });
});
