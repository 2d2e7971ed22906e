// The reports server and risk tests send (helpers/report.ts) are in the shape the built SDK sends:
// the fixture is captured from the SDK in Chromium by test/e2e/device-proof-report-shape.test.ts,
// which fails when the SDK's shapes drift from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptFromReport } from '../../../sdk/server/risk/report';
import { SHAPED_SIGNALS, isSubShape, signalShapes } from './helpers/report-shape';
import { sampleReport } from './helpers/report';

const sdkShapes = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/sdk-signal-shapes.json'), 'utf8')) as Record<string, unknown>;

describe('test reports in the real SDK shape', () => {
  it('the fixture covers every signal the helper sends', () => {
    for (const id of SHAPED_SIGNALS) expect(sdkShapes[id], id).toBeDefined();
  });

  it('the helper sends no field the SDK does not, and the fields the rules read exactly as the SDK does', () => {
    const helper = signalShapes(sampleReport().signals);
    for (const id of SHAPED_SIGNALS)
      expect(isSubShape(helper[id], sdkShapes[id]), `${id}: ${JSON.stringify(helper[id])} within ${JSON.stringify(sdkShapes[id])}`).toBe(true);
    for (const id of ['device-id', 'time-zone', 'languages']) expect(helper[id], id).toEqual(sdkShapes[id]);
  });

  it('the shape check can fail: the old hand-written shapes are caught', () => {
    expect(isSubShape({ timeZone: 'string', offset: 'number' }, sdkShapes['time-zone'])).toBe(false);
    expect(isSubShape(['string'], sdkShapes['languages'])).toBe(false);
  });

  it('the server reads the time zone and languages from that shape', () => {
    const attempt = attemptFromReport(sampleReport(), { userId: 'u', ip: '192.0.2.1', userAgent: 'x', time: 0 });
    expect(attempt).toMatchObject({ timezone: 'Europe/Oslo', languages: ['nb-NO', 'en'], automation: false });
    expect(attempt.signalCoverage).toEqual({ sent: 5, of: 5, missing: [] });
  });
});
