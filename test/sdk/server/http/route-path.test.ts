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
