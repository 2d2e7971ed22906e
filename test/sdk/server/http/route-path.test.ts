// routePath skips the URL parser for plain paths (every request passes through it): the shortcut
// must give exactly what the parser gives, for plain paths and for the tricky ones it must not take.
import { describe, expect, it } from 'vitest';
import { routePath } from '../../../../sdk/server/http/route-path';
import type { TwofoldRequest } from '../../../../sdk/server/http/io';

const viaUrl = (target: string) => {
  const path = new URL(target, 'http://x').pathname;
  return path.length > 1 ? path.replace(/\/$/, '') : path;
};

describe('routePath', () => {
  it('equals the URL parser on plain and on dot-segment, encoded, query and double-slash targets', () => {
    const targets = [
      '/twofold/nonce',
      '/twofold/nonce/',
      '/.well-known/twofold.json',
      '/twofold/../twofold/nonce',
      '/twofold/./nonce',
      '/a..b/c',
      '/...',
      '/x/..',
      '/x/.',
      '/.',
      '/..',
      '/a/.b',
      '/twofold//nonce',
      '/',
      '/twofold/nonce?x=1',
      '/%2e%2e/twofold/nonce',
      '/twofold/nonce#frag',
    ];
    for (const url of targets) expect(routePath({ url } as TwofoldRequest, new Map()), url).toBe(viaUrl(url));
  });
});

// Every request target is attacker-chosen, and the exact-match shortcut runs before any parsing:
// with the handler's real route paths, bare and under an Express-style prefix mount, a hostile
// target reaches exactly the route the URL parser names, never another.
describe('attack: hostile request targets against the real route paths', () => {
  const ROUTES = ['/twofold/nonce', '/twofold/assess', '/twofold/record', '/twofold/rights/access', '/.well-known/twofold.json'];
  const HOSTILE = [
    ...ROUTES,
    '/twofold/nonce/',
    '/twofold/nonce//',
    '/twofold//nonce',
    '//twofold/nonce',
    '//evil.example/twofold/nonce',
    '/twofold/nonce?x=1&y=/twofold/assess',
    '/twofold/nonce#/twofold/assess',
    '/twofold/%6eonce',
    '/twofold%2fnonce',
    '/twofold/nonce%00',
    '/twofold/nonce%2F',
    '/TWOFOLD/NONCE',
    '/twofold/Nonce',
    '/twofold/./assess',
    '/twofold/x/../assess',
    '/twofold/%2e%2e/twofold/assess',
    '/twofold/nonce\\',
    '\\twofold\\nonce',
    '/twofold/nonce ',
    'twofold/nonce',
    '*',
    'http://evil.example/twofold/nonce',
    '',
    `/twofold/${'a'.repeat(100_000)}`,
    `${'/a'.repeat(50_000)}/twofold/nonce`,
    `/twofold/nonce${'/'.repeat(10_000)}x`,
  ];
  const model = (req: TwofoldRequest, routes: ReadonlyMap<string, unknown>): string => {
    const parse = (target: string | undefined) => {
      try {
        return target === undefined ? '' : viaUrl(target);
      } catch {
        return '';
      }
    };
    const url = parse(req.url);
    if (typeof req.originalUrl !== 'string' || req.originalUrl === req.url) return url;
    const original = parse(req.originalUrl);
    return routes.has(original) || !routes.has(url) ? original : url;
  };

  it('unmounted: the route the URL parser names, and only the plain spellings reach one', () => {
    const routes = new Map(ROUTES.map((path) => [path, true]));
    const reached = new Set<string>();
    for (const url of HOSTILE) {
      const path = routePath({ url } as TwofoldRequest, routes);
      expect(path, url.slice(0, 80)).toBe(model({ url } as TwofoldRequest, routes));
      if (routes.has(path)) reached.add(url);
    }
    // The parser's own equivalences only: dot segments, a query or fragment, a trailing slash or
    // space, backslashes and an absolute or scheme-relative target all name the route they spell.
    const spellingsOfARoute = [
      '/twofold/nonce/',
      '/twofold/nonce?x=1&y=/twofold/assess',
      '/twofold/nonce#/twofold/assess',
      '/twofold/./assess',
      '/twofold/x/../assess',
      '/twofold/%2e%2e/twofold/assess',
      '//evil.example/twofold/nonce',
      'http://evil.example/twofold/nonce',
      '/twofold/nonce\\',
      '\\twofold\\nonce',
      '/twofold/nonce ',
      'twofold/nonce',
    ];
    expect([...reached].sort()).toEqual([...ROUTES, ...spellingsOfARoute].sort());
    expect(reached.has('/TWOFOLD/NONCE')).toBe(false);
    expect(reached.has('/twofold//nonce')).toBe(false);
    expect(reached.has('/twofold/%6eonce')).toBe(false);
  });

  it("mounted with app.use('/auth', handler): the stripped and the full path agree with the parser, both basePath forms", () => {
    for (const base of ['/twofold', '/auth/twofold']) {
      const routes = new Map(ROUTES.map((path) => [path.replace('/twofold', base), true]));
      for (const target of HOSTILE) {
        const rest = target.startsWith('/') ? target : `/${target}`;
        const req = { url: rest, originalUrl: `/auth${rest}` } as TwofoldRequest;
        expect(routePath(req, routes), `${base} ${target.slice(0, 80)}`).toBe(model(req, routes));
      }
      // A request outside the mount's routes never lands on one through the other path.
      const outside = { url: '/twofold/assess', originalUrl: '/auth/x/../../twofold/assess' } as TwofoldRequest;
      expect(routePath(outside, routes)).toBe(model(outside, routes));
    }
  });
});
