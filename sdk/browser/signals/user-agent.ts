import { defineCollector } from './types';

/** The high-entropy User-Agent Client Hints requested (Chromium only; Firefox has no userAgentData). */
export const HIGH_ENTROPY_HINTS = ['architecture', 'bitness', 'model', 'platformVersion', 'fullVersionList', 'wow64', 'formFactors'];

interface UADataLike {
  brands?: { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
  getHighEntropyValues?: (hints: string[]) => Promise<Record<string, unknown>>;
}

/** Reads navigator.userAgentData if the browser has it (typed locally: not yet in lib.dom for all targets). */
export function userAgentData(nav: Navigator = navigator): UADataLike | undefined {
  return (nav as Navigator & { userAgentData?: UADataLike }).userAgentData;
}

/** User agent string plus client hints, high-entropy values where the browser offers them. */
export const userAgentSignal = defineCollector({
  id: 'user-agent',
  budgetMs: 2_000,
  async collect() {
    const data = userAgentData();
    if (!data) return { userAgent: navigator.userAgent, clientHints: null };
    const low = { brands: data.brands ?? [], mobile: data.mobile ?? false, platform: data.platform ?? '' };
    let high: Record<string, unknown> | 'unsupported' = 'unsupported';
    if (typeof data.getHighEntropyValues === 'function') {
      // Returns the low-entropy fields too; keep only what was asked for.
      const all = await data.getHighEntropyValues(HIGH_ENTROPY_HINTS);
      high = Object.fromEntries(HIGH_ENTROPY_HINTS.filter((k) => k in all).map((k) => [k, all[k]]));
    }
    return { userAgent: navigator.userAgent, clientHints: { ...low, highEntropy: high } };
  },
});
