import type { RiskRule } from '../types';

/** Score factor when the report was made in another browser or OS than the one sending the sign-in. */
export const REPORT_BROWSER_MISMATCH_RATIO = 8;

/*
 * The SDK reads navigator.userAgent in the page; the browser sends the same string in the
 * User-Agent header of the sign-in (both carry the same reduced UA in Chromium and Firefox). A
 * report whose browser or OS differs from the request's was made somewhere else: a sealed report
 * copied or relayed from another browser (a phishing proxy, a script replaying the victim's
 * report), or written by hand. Compared on the parsed browser name + major version and the OS
 * name, so cosmetic differences in the string do not count. A second factor is the floor: a real
 * browser never does this on its own.
 */
const osName = (os: string) => os.replace(/\s+[\d.]+$/, '');

/** The report's user agent against the request's User-Agent header. */
export const reportBrowserRule: RiskRule = {
  id: 'report-browser',
  signals: ['user-agent'],
  evaluate({ attempt }) {
    const reported = attempt.reported;
    if (!reported?.browser || attempt.ua.browser === 'unknown') return { reasons: [] };
    const browserDiffers = reported.browser !== attempt.ua.browser;
    const osDiffers = reported.os !== undefined && attempt.ua.os !== 'unknown' && osName(reported.os) !== osName(attempt.ua.os);
    if (!browserDiffers && !osDiffers) return { reasons: [] };
    const made = `${reported.browser}${reported.os ? ` on ${reported.os}` : ''}`;
    const sent = `${attempt.ua.browser}${attempt.ua.os !== 'unknown' ? ` on ${attempt.ua.os}` : ''}`;
    return {
      reasons: [
        {
          feature: 'report-browser',
          ratio: REPORT_BROWSER_MISMATCH_RATIO,
          detail: `The device report was made in ${made}, but the sign-in came from ${sent}: a report copied from another browser.`,
        },
      ],
      floor: 'challenge',
    };
  },
};
