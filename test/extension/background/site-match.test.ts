import { describe, expect, it } from 'vitest';
import { parseSiteBinding, registrableDomain, siteMatches } from '../../../extension/background/site-match';

describe('registrableDomain', () => {
  it.each([
    ['https://github.com/login', 'github.com'],
    ['https://gist.github.com/x', 'github.com'],
    ['https://GitHub.COM./session', 'github.com'],
    ['https://www.bbc.co.uk/', 'bbc.co.uk'],
    ['https://alice.github.io/', 'alice.github.io'],
    ['http://127.0.0.1:8080/otp', '127.0.0.1'],
    ['http://[::1]:3000/', '::1'],
    ['http://localhost:5173/', 'localhost'],
    ['https://login.example.test/', 'example.test'],
    ['https://github.com@evil.test/', 'evil.test'],
  ])('%s → %s', (url, site) => expect(registrableDomain(url)).toBe(site));

  it.each([
    'ftp://github.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'chrome-extension://abc/popup.html',
    'not a url',
    '',
    'https://github.io/',
    'https://co.uk/',
  ])('has no site: %s', (url) => expect(registrableDomain(url)).toBeNull());
});

describe('siteMatches', () => {
  const github = ['github.com'];

  it('matches the bound registrable domain and its subdomains, any port', () => {
    expect(siteMatches(github, 'https://github.com/sessions/two-factor')).toBe(true);
    expect(siteMatches(github, 'https://auth.github.com/')).toBe(true);
    expect(siteMatches(github, 'https://github.com:8443/')).toBe(true);
    expect(siteMatches(github, 'http://github.com/')).toBe(true);
  });

  it.each([
    'https://github.com.evil.test/login',
    'https://evilgithub.com/',
    'https://github.com-login.test/',
    'https://github.co/',
    'https://githubusercontent.com/',
    'https://xn--gthub-n2e.com/', // Cyrillic і
    'https://gіthub.com/', // the same, typed as Unicode
    'https://githսb.com/', // Armenian ս
    'https://xn--github-4ib.com/',
    'https://github.com@evil.test/',
    'https://evil.test/?next=https://github.com/',
    'https://evil.test/#github.com',
  ])('never matches the lookalike %s', (url) => expect(siteMatches(github, url)).toBe(false));

  it('never matches non-web schemes, even for the right host', () => {
    for (const url of ['ftp://github.com/', 'ws://github.com/', 'file://github.com/x', 'blob:https://github.com/uuid']) {
      expect(siteMatches(github, url)).toBe(false);
    }
  });

  it('keeps private suffixes apart: one github.io site is not another', () => {
    expect(siteMatches(['alice.github.io'], 'https://alice.github.io/app')).toBe(true);
    expect(siteMatches(['alice.github.io'], 'https://mallory.github.io/')).toBe(false);
    expect(siteMatches(['github.io'], 'https://mallory.github.io/')).toBe(false);
  });

  it('matches IP hosts only exactly, and localhost only as itself', () => {
    expect(siteMatches(['127.0.0.1'], 'http://127.0.0.1:41234/login')).toBe(true);
    expect(siteMatches(['127.0.0.1'], 'http://127.0.0.2/')).toBe(false);
    expect(siteMatches(['127.0.0.1'], 'http://localhost:41234/login')).toBe(false);
    expect(siteMatches(['localhost'], 'http://localhost:41234/login')).toBe(true);
    expect(siteMatches(['localhost'], 'http://127.0.0.1/')).toBe(false);
    expect(siteMatches(['127.0.0.1'], 'http://127.0.0.1.evil.test/')).toBe(false);
    expect(siteMatches(['::1'], 'http://[::1]:8080/')).toBe(true);
  });

  it('honours a port when the binding names one', () => {
    expect(siteMatches(['127.0.0.1:8080'], 'http://127.0.0.1:8080/')).toBe(true);
    expect(siteMatches(['127.0.0.1:8080'], 'http://127.0.0.1:9090/')).toBe(false);
    expect(siteMatches(['https://example.com'], 'https://www.example.com/')).toBe(true);
    expect(siteMatches(['example.com:443'], 'https://example.com/')).toBe(true);
  });

  it('accepts bindings written as URLs, hosts or Unicode names, and ignores junk', () => {
    expect(siteMatches(['https://www.github.com/settings'], 'https://github.com/')).toBe(true);
    expect(siteMatches(['  GitHub.com  '], 'https://github.com/')).toBe(true);
    expect(siteMatches(['bücher.de'], 'https://www.xn--bcher-kva.de/')).toBe(true);
    expect(siteMatches(['', 'not a host', 'ftp://github.com'], 'https://github.com/')).toBe(false);
    expect(siteMatches([], 'https://github.com/')).toBe(false);
    expect(parseSiteBinding('co.uk')).toBeNull();
  });
});
