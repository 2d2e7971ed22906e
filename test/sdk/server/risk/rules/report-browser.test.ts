import { describe, expect, it } from 'vitest';
import { REPORT_BROWSER_MISMATCH_RATIO, reportBrowserRule } from '../../../../../sdk/server/risk/rules/report-browser';
import { parseUserAgent } from '../../../../../sdk/server/risk/user-agent';
import { attempt, CHROME_MAC, ruleInput, SAFARI_IPHONE } from '../helpers';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const reportedFrom = (ua: string) => ({ browser: parseUserAgent(ua).browser, os: parseUserAgent(ua).os });
const run = (headerUa: string, reported: ReturnType<typeof reportedFrom> | undefined) =>
  reportBrowserRule.evaluate(ruleInput({ attempt: attempt({ userAgent: headerUa, ...(reported ? { reported } : {}) }) }));

describe('report browser vs request rule', () => {
  it('a report made in the browser that sends the sign-in says nothing (same UA, or only cosmetic differences)', () => {
    expect(run(CHROME_MAC, reportedFrom(CHROME_MAC))).toEqual({ reasons: [] });
    expect(run(CHROME_MAC, reportedFrom(CHROME_MAC.replace('120.0.0.0', '120.0.6099.71')))).toEqual({ reasons: [] });
    expect(run(CHROME_MAC, undefined)).toEqual({ reasons: [] });
  });

  it('a report copied from another browser is a reason of its own with a second factor as the floor', () => {
    const outcome = run(CHROME_MAC, reportedFrom(FIREFOX_LINUX));
    expect(outcome.floor).toBe('challenge');
    expect(outcome.reasons).toEqual([
      {
        feature: 'report-browser',
        ratio: REPORT_BROWSER_MISMATCH_RATIO,
        detail: 'The device report was made in Firefox 128 on Ubuntu, but the sign-in came from Chrome 120 on Mac OS 10: a report copied from another browser.',
      },
    ]);
  });

  it('same browser on another OS, or another major version, is a mismatch too', () => {
    expect(run(CHROME_MAC, reportedFrom(CHROME_WIN)).floor).toBe('challenge');
    expect(run(CHROME_MAC, reportedFrom(CHROME_MAC.replace('Chrome/120', 'Chrome/119'))).floor).toBe('challenge');
    expect(run(SAFARI_IPHONE, reportedFrom(CHROME_MAC)).reasons[0]?.ratio).toBe(REPORT_BROWSER_MISMATCH_RATIO);
  });

  it('an unparseable request User-Agent cannot be compared, so it says nothing', () => {
    expect(run('', reportedFrom(CHROME_MAC))).toEqual({ reasons: [] });
  });
});
