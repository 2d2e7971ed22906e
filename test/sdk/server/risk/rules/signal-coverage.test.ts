import { describe, expect, it } from 'vitest';
import { MISSING_SIGNALS_RATIO, signalCoverageRule } from '../../../../../sdk/server/risk/rules/signal-coverage';
import { attempt, ruleInput } from '../helpers';

const coverage = (sent: number) => ({ sent, of: 5, missing: ['device-id', 'visitor-id', 'time-zone', 'languages', 'automation'].slice(sent) });
const run = (over: Parameters<typeof attempt>[0]) => signalCoverageRule.evaluate(ruleInput({ attempt: attempt(over) }));

describe('signal coverage rule', () => {
  it('consent granted but fewer than half of the scored signals sent: a reason naming what is missing, challenge as the floor', () => {
    for (const sent of [0, 1, 2]) {
      const outcome = run({ consent: true, signalCoverage: coverage(sent) });
      expect(outcome.floor).toBe('challenge');
      expect(outcome.reasons).toEqual([expect.objectContaining({ feature: 'signals', ratio: MISSING_SIGNALS_RATIO })]);
      expect(outcome.reasons[0]?.detail).toContain(`only ${sent} of the 5`);
      expect(outcome.reasons[0]?.detail).toContain('automation');
    }
  });

  it('half or more sent (a timeout or a blocked API costs one or two): nothing', () => {
    for (const sent of [3, 4, 5]) expect(run({ consent: true, signalCoverage: coverage(sent) })).toEqual({ reasons: [] });
  });

  it('applies only to reports with consent granted and a measured coverage', () => {
    expect(run({ consent: false, signalCoverage: coverage(0) })).toEqual({ reasons: [] });
    expect(run({ signalCoverage: coverage(0) })).toEqual({ reasons: [] });
    expect(run({ consent: true })).toEqual({ reasons: [] });
  });
});
