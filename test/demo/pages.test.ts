// The demo's server-rendered pages: scores in words plus a readable number, the page language
// carried through the sign-in pages, one stylesheet, and no promise of a token the page does not show.
import { describe, expect, it } from 'vitest';
import { accountPage, formatRatio, langOf, loginPage, reasonsHtml, scoreInWords, signupPage, type SdkSettings } from '../../demo/app/pages';
import type { Assessment } from '../../sdk/server/risk/index';

const sdk: SdkSettings = {
  site: 'twofold-demo',
  publicKey: 'pk',
  controller: { name: 'Twofold demo', contact: 'privacy@twofold.invalid', policyUrl: '/privacy.html' },
};
const assessment = (score: number, ratio = score): Assessment =>
  ({ score, decision: 'challenge', reasons: [{ feature: 'ip', ratio, detail: 'A network not seen before' }] }) as unknown as Assessment;

describe('demo pages', () => {
  it('formats ratios with grouping and three significant digits, never in exponent notation', () => {
    expect(formatRatio(8190.4)).toBe('8,190');
    expect(formatRatio(1_234_567)).toBe('1,230,000');
    expect(formatRatio(4)).toBe('4');
    expect(formatRatio(0.012345)).toBe('0.0123');
    expect(formatRatio(Infinity)).toBe('∞');
    expect(formatRatio(NaN)).toBe('?');
  });

  it('names the score in words plus the number', () => {
    expect(scoreInWords(8190)).toBe('high risk, ×8,190');
    expect(scoreInWords(0.25)).toBe('low risk, ×0.25');
    expect(scoreInWords(16)).toBe('some risk, ×16');
    expect(scoreInWords(2e6)).toBe('very high risk, ×2,000,000');
    const html = reasonsHtml(assessment(8190, 2048));
    expect(html).toContain('high risk, ×8,190');
    expect(html).toContain('×2,050'); // 2048 to three significant digits
    expect(html).not.toMatch(/e\+\d/);
  });

  it('the sign-in pages follow ?lang=nb: html lang, the banner locale, links and form actions', () => {
    const lang = langOf(new URL('http://x/login?lang=nb'));
    expect(lang).toBe('nb');
    expect(langOf(new URL('http://x/login?lang=xx'))).toBe('en');
    const login = loginPage(sdk, { lang });
    expect(login).toContain('<html lang="nb">');
    expect(login).toContain('"locale":"nb"');
    expect(login).toContain('action="/login?lang=nb"');
    expect(login).toContain('href="/signup?lang=nb"');
    const signup = signupPage({ lang });
    expect(signup).toContain('action="/signup?lang=nb"');
    expect(loginPage(sdk)).toContain('<html lang="en">');
    expect(loginPage(sdk)).toContain('action="/login"');
  });

  it('every page links the shared stylesheet and the same nav, with no inline stylesheet', () => {
    for (const page of [loginPage(sdk), signupPage(), accountPage('ada', undefined, false)]) {
      expect(page).toContain('<link rel="stylesheet" href="/demo.css">');
      expect(page).not.toContain('<style>');
      for (const href of ['/', '/login', '/signup', '/inspector', '/extension.html']) expect(page).toContain(`href="${href}"`);
    }
  });

  it('the account page does not point at a token it does not show', () => {
    const page = accountPage('ada', { assessment: assessment(2), via: 'totp', rightsToken: 'rt' }, true, sdk);
    expect(page).not.toContain('token below');
    expect(page).toContain('rights token');
  });
});
