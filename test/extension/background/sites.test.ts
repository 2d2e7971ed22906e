import { describe, expect, it } from 'vitest';
import { initialSites, normaliseSites, registrableDomain, siteMatches } from '../../../extension/background/sites';

describe('registrableDomain', () => {
  it.each([
    ['https://login.github.com/session', 'github.com'],
    ['github.com', 'github.com'],
    ['https://www.bbc.co.uk/', 'bbc.co.uk'],
    ['http://127.0.0.1:8080/login', '127.0.0.1'],
    ['http://localhost:3000/', 'localhost'],
    ['https://xn--gthub-n4a.com/', 'xn--gthub-n4a.com'],
    ['not a domain', null],
    ['https://co.uk/', null],
    ['', null],
  ])('%s → %s', (input, expected) => expect(registrableDomain(input)).toBe(expected));
});

describe('siteMatches', () => {
  const sites = ['github.com'];
  it('matches subdomains of the bound registrable domain', () => {
    expect(siteMatches(sites, 'https://github.com/login')).toBe(true);
    expect(siteMatches(sites, 'https://gist.github.com/')).toBe(true);
  });
  it.each([
    'https://github.com.evil.test/login',
    'https://xn--gthub-n4a.com/', // punycode homoglyph
    'https://githib.com/',
    'https://evil-github.com/',
    'https://github.co/',
    'not a url',
  ])('never matches the lookalike %s', (url) => expect(siteMatches(sites, url)).toBe(false));
});

describe('initialSites and normaliseSites', () => {
  it('takes the scanned page first, then a domain in the issuer, and never guesses from a bare name', () => {
    expect(initialSites('GitHub', 'https://github.com/settings/2fa')).toEqual(['github.com']);
    expect(initialSites('Example (accounts.example.org)')).toEqual(['example.org']);
    expect(initialSites('GitHub')).toEqual([]);
    expect(initialSites('GitHub', 'chrome://newtab/')).toEqual([]);
  });
  it('normalises, deduplicates and reports invalid entries', () => {
    expect(normaliseSites(['https://A.example.com/x', 'example.com', ' ', 'nope'])).toEqual({ sites: ['example.com'], invalid: ['nope'] });
  });
});
