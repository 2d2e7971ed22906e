import type { RiskRule } from '../types';

/** Score factor when a consented report carries fewer than half of the signals the rules read. */
export const MISSING_SIGNALS_RATIO = 4;

/**
 * Missing evidence is not neutral: with consent granted the SDK sends every signal the rules read
 * (a timeout or a blocked API may cost one or two). A report whose receipt says "granted" but which
 * carries fewer than half of them was most likely written by hand to avoid being compared, so the
 * gap itself counts against the attempt, with a second factor as the floor.
 */
export const signalCoverageRule: RiskRule = {
  id: 'signal-coverage',
  evaluate({ attempt }) {
    const coverage = attempt.signalCoverage;
    if (attempt.consent !== true || !coverage || coverage.of === 0 || coverage.sent * 2 >= coverage.of) return { reasons: [] };
    return {
      reasons: [
        {
          feature: 'signals',
          ratio: MISSING_SIGNALS_RATIO,
          detail: `Consent was granted, but the report carried only ${coverage.sent} of the ${coverage.of} device signals the risk rules read (missing: ${coverage.missing.join(', ') || 'none'}).`,
        },
      ],
      floor: 'challenge',
    };
  },
};
