import { describe, expect, it } from 'vitest';
import { editDistance, resemblance, skeleton, unicodeHost } from '../../../extension/background/lookalike';

describe('lookalike: what the bind window warns about', () => {
  it('flags the bound site used as a subdomain of another site', () => {
    expect(resemblance('bank.test.evil.test', 'evil.test', 'bank.test')).toContain('brand-in-subdomain');
    expect(resemblance('login.bank-secure.evil.test', 'evil.test', 'bank.test')).toContain('brand-in-subdomain');
    expect(resemblance('secure-bank.example.net', 'example.net', 'bank.test')).toContain('brand-in-subdomain');
    expect(resemblance('www.bank.test', 'bank.test', 'bank.test')).toEqual([]); // its own site
  });

  it('flags IDN homoglyphs after decoding punycode (Cyrillic, Greek, diacritics)', () => {
    const cyrillicA = new URL('https://b\u0430nk.test/').hostname; // Cyrillic а
    expect(cyrillicA).toMatch(/^xn--/);
    expect(unicodeHost(cyrillicA)).toBe('b\u0430nk.test');
    expect(resemblance(cyrillicA, cyrillicA, 'bank.test')).toEqual(['homoglyph']);
    const greekO = new URL('https://g\u03bfogle.com/').hostname;
    expect(resemblance(greekO, greekO, 'google.com')).toEqual(['homoglyph']);
    const accent = new URL('https://b\u00e4nk.test/').hostname;
    expect(resemblance(accent, accent, 'bank.test')).toEqual(['homoglyph']);
    expect(resemblance('paypa1.com', 'paypa1.com', 'paypal.com')).toEqual(['homoglyph']);
    expect(resemblance('rnicrosoft.com', 'rnicrosoft.com', 'microsoft.com')).toEqual(['homoglyph']);
  });

  it('flags near misspellings and another suffix, but not unrelated or short names', () => {
    expect(resemblance('bnak.test', 'bnak.test', 'bank.test')).toEqual(['edit-distance']);
    expect(resemblance('githuub.com', 'githuub.com', 'github.com')).toEqual(['edit-distance']);
    expect(resemblance('bank.co', 'bank.co', 'bank.test')).toEqual(['edit-distance']);
    expect(resemblance('news.test', 'news.test', 'bank.test')).toEqual([]);
    expect(resemblance('ab.test', 'ab.test', 'ac.test')).toEqual([]);
    expect(resemblance('shop.example', 'shop.example', 'sh.example')).toEqual([]);
  });

  it('computes Damerau–Levenshtein distance with an early stop', () => {
    expect(editDistance('bank', 'bank')).toBe(0);
    expect(editDistance('bank', 'bnak')).toBe(1);
    expect(editDistance('bank', 'banks')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(skeleton('Ⅼоgіn')).toBe(skeleton('login'));
  });
});
