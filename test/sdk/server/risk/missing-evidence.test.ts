// Missing evidence is not neutral: a report the attacker seals themselves, leaving out
// the device id (or most signals), from the victim's network with the victim's user agent and
// locale, against a victim with a long, consistent history among many other accounts.
import { describe, expect, it } from 'vitest';
import { createTableGeo } from '../../../../sdk/server/geo/table';
import { createRiskEngine } from '../../../../sdk/server/risk/engine';
import { attemptFromReport } from '../../../../sdk/server/risk/report';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { sampleReport } from '../helpers/report';
import { CHROME_MAC } from './helpers';

const geo = createTableGeo({ '198.51.100.0/24': { country: 'NO', asn: '2119', lat: 59.91, lon: 10.75, accuracyKm: 20 } });
const t0 = Date.UTC(2026, 0, 5, 9);
const HOUR = 3_600_000;
const VICTIM_DEVICE = 'victimDevice-0123456789';

async function victimWithHistory() {
  const engine = createRiskEngine({ store: createMemoryStore(), geo });
  // Other accounts on other networks make the victim's own values look rare globally, which is
  // what pushes the victim's known-network and known-browser ratios far below 1.
  for (let u = 0; u < 40; u++) {
    await engine.record(
      {
        userId: `other${u}`,
        time: t0,
        ip: `192.0.2.${u + 1}`,
        userAgent: `Mozilla/5.0 Firefox/${100 + u}.0`,
        deviceId: `otherDevice-${u}-0123456789`,
        consent: true,
      },
      'success',
    );
  }
  for (let i = 0; i < 30; i++) {
    const report = sampleReport({ deviceId: VICTIM_DEVICE, visitorId: 'fp-victim', userAgent: CHROME_MAC });
    await engine.record(attemptFromReport(report, { userId: 'victim', ip: '198.51.100.7', userAgent: CHROME_MAC, time: t0 + i * 24 * HOUR }), 'success');
  }
  return engine;
}

const context = { userId: 'victim', ip: '198.51.100.99', userAgent: CHROME_MAC, time: t0 + 31 * 24 * HOUR };

describe('missing evidence under the default policy', () => {
  it("the victim's own device from home is allowed (the baseline the attacks below are measured against)", async () => {
    const engine = await victimWithHistory();
    const own = await engine.assess(
      attemptFromReport(sampleReport({ deviceId: VICTIM_DEVICE, visitorId: 'fp-victim', userAgent: CHROME_MAC }), { ...context, ip: '198.51.100.7' }),
    );
    expect(own.decision).toBe('allow');
  });

  it("a self-sealed report with no device id and no visitor id from the victim's network and UA is not allowed", async () => {
    const engine = await victimWithHistory();
    const report = sampleReport();
    delete report.signals['device-id'];
    delete report.signals['visitor-id'];
    const result = await engine.assess(attemptFromReport(report, context));
    expect(result.decision).not.toBe('allow');
    expect(result.reasons.find((r) => r.feature === 'device')?.detail).toContain('No usable device id');
  });

  it('a malformed device id is no better than none', async () => {
    const engine = await victimWithHistory();
    const report = sampleReport();
    report.signals['device-id'] = { value: { id: 'x y', createdAt: new Date().toISOString(), isNew: false }, durationMs: 1 };
    expect((await engine.assess(attemptFromReport(report, context))).decision).not.toBe('allow');
  });

  it('a granted receipt with almost no signals is itself a reason', async () => {
    const engine = await victimWithHistory();
    const report = sampleReport({ deviceId: 'fabricated-0123456789' });
    for (const id of ['visitor-id', 'time-zone', 'languages', 'automation']) delete report.signals[id];
    const result = await engine.assess(attemptFromReport(report, context));
    expect(result.decision).not.toBe('allow');
    expect(result.reasons.map((r) => r.feature)).toContain('signals');
  });

  it('no sealed report at all says that no device signals were sent', async () => {
    const engine = await victimWithHistory();
    const result = await engine.assess(attemptFromReport(undefined, context));
    expect(result.decision).toBe('challenge');
    expect(result.reasons.find((r) => r.feature === 'consent')?.detail).toMatch(/^No device signals were sent/);
  });
});
