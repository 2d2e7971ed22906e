import type { Reason, RiskRule } from '../types';

/** Score factor when the report's kind of device (or its touch screen) contradicts the request's browser. */
export const DEVICE_KIND_MISMATCH_RATIO = 4;

/*
 * The SDK's device class (from the UA, the UA-CH mobile hint and touch points) and its touch
 * points against the device class of the request's User-Agent. Only clear contradictions count:
 * a phone report with a desktop browser or the reverse, and a phone or tablet browser without any
 * touch point (a desktop that only claims to be a phone). Tablets are left alone both ways: iPadOS
 * sends a Mac UA, and many laptops have touch screens.
 */
const definite = (type: string | undefined) => (type === 'mobile' || type === 'desktop' ? type : undefined);

/** The report's device type and touch support against the request's device class. */
export const deviceKindRule: RiskRule = {
  id: 'device-kind',
  signals: ['device-type', 'touch'],
  evaluate({ attempt }) {
    const reported = attempt.reported;
    if (!reported) return { reasons: [] };
    const reasons: Reason[] = [];
    const claimed = definite(reported.deviceType);
    const sent = definite(attempt.ua.deviceType);
    if (claimed && sent && claimed !== sent) {
      reasons.push({
        feature: 'device-kind',
        ratio: DEVICE_KIND_MISMATCH_RATIO,
        detail: `The device report says ${claimed === 'mobile' ? 'a phone' : 'a computer'}, but the sign-in came from a ${sent === 'mobile' ? 'phone' : 'desktop'} browser.`,
      });
    } else if ((attempt.ua.deviceType === 'mobile' || attempt.ua.deviceType === 'tablet') && reported.touchPoints === 0) {
      reasons.push({
        feature: 'device-kind',
        ratio: DEVICE_KIND_MISMATCH_RATIO,
        detail: `The sign-in came from a ${attempt.ua.deviceType === 'mobile' ? 'phone' : 'tablet'} browser, but the device reports no touch screen: a computer claiming to be one.`,
      });
    }
    return { reasons };
  },
};
