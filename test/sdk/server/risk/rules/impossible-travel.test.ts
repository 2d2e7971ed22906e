import { describe, expect, it } from 'vitest';
import { IMPOSSIBLE_TRAVEL_RATIO, impossibleTravelRule } from '../../../../../sdk/server/risk/rules/impossible-travel';
import { attempt, ruleInput } from '../helpers';

const OSLO = { lat: 59.9139, lon: 10.7522 };
const BERGEN = { lat: 60.3913, lon: 5.3221 }; // ≈ 305 km from Oslo
const DRAMMEN = { lat: 59.7439, lon: 10.2045 }; // ≈ 35 km from Oslo
const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 0, 1, 12);

const run = (
  where: { lat: number; lon: number },
  after: number,
  over: { accuracyKm?: number; policy?: { travel?: { maxKmh?: number; minKm?: number } } } = {},
) =>
  impossibleTravelRule.evaluate(
    ruleInput({
      attempt: attempt({ ...where, time: t0 + after, ...(over.accuracyKm !== undefined ? { accuracyKm: over.accuracyKm } : {}) }),
      lastSuccess: { time: t0, ip: '192.0.2.1', ...OSLO },
      ...(over.policy ? { policy: over.policy } : {}),
    }),
  );

describe('impossible travel rule', () => {
  it('Oslo → Bergen (≈305 km) in 10 minutes is ≈1800 km/h: challenged', () => {
    const outcome = run(BERGEN, 10 * 60_000);
    expect(outcome.floor).toBe('challenge');
    expect(outcome.reasons[0]?.ratio).toBe(IMPOSSIBLE_TRAVEL_RATIO);
    expect(outcome.reasons[0]?.detail).toMatch(/Impossible travel: 30\d km from the last sign-in 10 min earlier \(1\d{3} km\/h/);
  });

  it('the same trip in an hour (≈305 km/h) is possible', () => {
    expect(run(BERGEN, HOUR)).toEqual({ reasons: [] });
  });

  it('is skipped within 100 km, however fast', () => {
    expect(run(DRAMMEN, 1)).toEqual({ reasons: [] });
  });

  it('subtracts the location uncertainty before judging', () => {
    expect(run(BERGEN, 10 * 60_000, { accuracyKm: 250 })).toEqual({ reasons: [] });
  });

  it('no time between the logins and a real distance is impossible', () => {
    expect(run(BERGEN, 0).floor).toBe('challenge');
  });

  it('follows the policy speed limit', () => {
    expect(run(BERGEN, HOUR, { policy: { travel: { maxKmh: 200 } } }).floor).toBe('challenge');
  });

  it('needs coordinates on both sides', () => {
    expect(impossibleTravelRule.evaluate(ruleInput({ attempt: attempt(), lastSuccess: { time: t0, ip: 'x', ...OSLO } }))).toEqual({ reasons: [] });
    expect(impossibleTravelRule.evaluate(ruleInput({ attempt: attempt(BERGEN), lastSuccess: { time: t0, ip: 'x' } }))).toEqual({ reasons: [] });
  });
});
