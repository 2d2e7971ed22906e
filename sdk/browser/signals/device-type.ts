import { defineCollector } from './types';
import { userAgentData } from './user-agent';

/** The coarse device class the risk engine compares between sign-ins. */
export type DeviceType = 'mobile' | 'tablet' | 'desktop';

/** What the classifier looks at; plain data so tests can feed any browser's values. */
export interface DeviceTypeInput {
  userAgent: string;
  /** navigator.userAgentData.mobile (Chromium), undefined elsewhere. */
  mobileHint?: boolean;
  maxTouchPoints: number;
}

/**
 * Classifies mobile / tablet / desktop from the UA string, the UA-CH mobile hint and touch points.
 * Small on purpose: ua-parser-js 1.x would add ~9.6 KB gzip to a script every page loads, and only
 * this three-way split is needed. iPadOS 13+ reports a Mac UA, so a "Macintosh" with touch is a tablet.
 */
export function classifyDevice(input: DeviceTypeInput): DeviceType {
  const ua = input.userAgent;
  if (/iPad|Tablet|PlayBook|Silk|Kindle|KFAPWI|Nexus (7|9|10)\b/i.test(ua)) return 'tablet';
  if (/Macintosh/.test(ua) && input.maxTouchPoints > 1) return 'tablet';
  if (/Android/i.test(ua) && !/Mobile/i.test(ua)) return input.mobileHint ? 'mobile' : 'tablet';
  if (input.mobileHint === true) return 'mobile';
  if (/Mobi|iPhone|iPod|Windows Phone|BlackBerry|BB10|Opera Mini|IEMobile/i.test(ua)) return 'mobile';
  return 'desktop';
}

/** Device type: mobile, tablet or desktop. */
export const deviceTypeSignal = defineCollector({
  id: 'device-type',
  budgetMs: 1_000,
  async collect() {
    const type = classifyDevice({ userAgent: navigator.userAgent, mobileHint: userAgentData()?.mobile, maxTouchPoints: navigator.maxTouchPoints ?? 0 });
    return { type };
  },
});
