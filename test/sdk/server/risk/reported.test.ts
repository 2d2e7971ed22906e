// The report's own view of its browser (reported.ts), built from values in the shapes the SDK's
// collectors produce (their own functions where they have them) and from hostile ones.
import { describe, expect, it } from 'vitest';
import { classifyDevice } from '../../../../sdk/browser/signals/device-type';
import { localTimeOf } from '../../../../sdk/browser/signals/local-time';
import { attemptFromReport } from '../../../../sdk/server/risk/report';
import { checkedReported, reportedClientOf } from '../../../../sdk/server/risk/reported';
import { createRiskEngine } from '../../../../sdk/server/risk/engine';
import { sampleReport } from '../helpers/report';
import { CHROME_MAC } from './helpers';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const ok = (value: unknown) => ({ value, durationMs: 1 });

/** The signals the SDK sends for a desktop Chrome on macOS (shapes of the collectors in sdk/browser/signals). */
function sdkSignals(userAgent = CHROME_MAC) {
  return {
    'user-agent': ok({ userAgent, clientHints: null }),
    'device-type': ok({ type: classifyDevice({ userAgent, maxTouchPoints: 0 }) }),
    touch: ok({ maxTouchPoints: 0, touchEvent: false, coarsePointer: false }),
    'local-time': ok(localTimeOf(new Date(Date.UTC(2026, 0, 15, 12)))),
    screen: ok({ width: 1920, height: 1080, availWidth: 1920, availHeight: 1050, pixelRatio: 2, colorDepth: 24 }),
    hardware: ok({ hardwareConcurrency: 8, deviceMemory: 8 }),
    location: ok({ lat: 59.91, lon: 10.75, accuracyKm: 1 }),
  };
}

describe('the reported client view', () => {
  it('reduces the SDK signals to small values', () => {
    expect(reportedClientOf(sdkSignals())).toEqual({
      browser: 'Chrome 120',
      os: 'Mac OS 10',
      deviceType: 'desktop',
      touchPoints: 0,
      clockOffsetMinutes: -new Date(Date.UTC(2026, 0, 15, 12)).getTimezoneOffset() || 0,
      screen: '1920x1080@2/24',
      hardware: '8c/8GB/no-touch',
      location: { lat: 59.91, lon: 10.75, accuracyKm: 1 },
    });
    // Firefox has no deviceMemory (null): the memory class is unknown, not zero.
    expect(reportedClientOf({ hardware: ok({ hardwareConcurrency: 4, deviceMemory: null }) })).toEqual({ hardware: '4c/?GB' });
  });

  it('errored, missing and hostile values are left out, never trusted', () => {
    expect(reportedClientOf({})).toBeUndefined();
    expect(reportedClientOf({ 'user-agent': { error: 'timeout', durationMs: 1 } })).toBeUndefined();
    const hostile = reportedClientOf({
      'user-agent': ok({ userAgent: 'x'.repeat(100_000) }),
      'device-type': ok({ type: 'fridge' }),
      touch: ok({ maxTouchPoints: -1 }),
      'local-time': ok({ local: { toString: 'no' } }),
      screen: ok({ width: Number.NaN, height: 1 }),
      hardware: ok({ hardwareConcurrency: 1e12, deviceMemory: 'lots' }),
      location: ok({ lat: 200, lon: 0 }),
    });
    expect(hostile === undefined || JSON.stringify(hostile).length < 200).toBe(true);
    expect(hostile?.deviceType).toBeUndefined();
    expect(hostile?.touchPoints).toBeUndefined();
    expect(hostile?.screen).toBeUndefined();
    expect(hostile?.hardware).toBeUndefined();
    expect(hostile?.location).toBeUndefined();
  });

  it('attempts built by a library caller are re-checked field by field', () => {
    expect(checkedReported({ browser: 'b'.repeat(65), deviceType: 'phone', touchPoints: 1.5, clockOffsetMinutes: 5000, screen: 7 })).toBeUndefined();
    expect(checkedReported({ browser: 'Chrome 120', touchPoints: 5 })).toEqual({ browser: 'Chrome 120', touchPoints: 5 });
    expect(checkedReported('Chrome')).toBeUndefined();
  });

  it('attemptFromReport carries the view; the engine challenges a report copied from another browser', async () => {
    const report = sampleReport({ userAgent: FIREFOX_LINUX });
    const attempt = attemptFromReport(report, { userId: 'u', ip: '198.51.100.7', userAgent: CHROME_MAC, time: Date.UTC(2026, 0, 15, 12) });
    expect(attempt.userAgent).toBe(CHROME_MAC);
    expect(attempt.reported?.browser).toBe('Firefox 128');
    const engine = createRiskEngine({ geo: () => undefined });
    const assessment = await engine.assess(attempt);
    expect(assessment.decision).not.toBe('allow');
    expect(assessment.reasons.find((r) => r.feature === 'report-browser')?.detail).toMatch(
      /made in Firefox 128 on Ubuntu, but the sign-in came from Chrome 120/,
    );
  });
});
