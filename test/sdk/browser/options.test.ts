// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { pageLocale, resolveOptions } from '../../../sdk/browser/options';
import { ValidationError } from '../../../sdk/protocol/errors';

describe('init options', () => {
  it('fills defaults', () => {
    document.documentElement.lang = 'en';
    expect(resolveOptions({ site: 'example.com', consent: 'manual' })).toEqual({
      site: 'example.com',
      consent: 'manual',
      locale: 'en',
      jurisdiction: 'EU',
      location: false,
      controller: undefined,
      publicKey: undefined,
    });
  });
  it('takes the banner language from <html lang>, never from the browser', () => {
    document.documentElement.lang = 'nb-NO';
    expect(pageLocale()).toBe('nb');
    document.documentElement.lang = 'nn';
    expect(pageLocale()).toBe('nb');
    document.documentElement.lang = 'de';
    expect(pageLocale()).toBe('en');
    expect(resolveOptions({ site: 'x', consent: 'banner', locale: 'en' }).locale).toBe('en');
  });
  it('rejects bad options with a ValidationError naming each field', () => {
    try {
      resolveOptions({ site: '', consent: 'popup', locale: 'sv' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const e = err as ValidationError;
      expect(e.code).toBe('invalid_input');
      expect(e.issues.join(' ')).toMatch(/site/);
      expect(e.issues.join(' ')).toMatch(/consent/);
      expect(e.issues.join(' ')).toMatch(/locale/);
    }
  });
  it('accepts a controller and rejects an incomplete one', () => {
    const controller = { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/privacy' };
    expect(resolveOptions({ site: 'x', consent: 'manual', controller }).controller).toEqual(controller);
    expect(() => resolveOptions({ site: 'x', consent: 'manual', controller: { name: 'Shop AS' } })).toThrow(/controller/);
  });
});
