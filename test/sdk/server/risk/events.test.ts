// "Was this you?" hooks: onChallenge / onDeny after assessments with that decision,
// onNewDevice after a successful sign-in from a device the account had not proven (a first-bound
// key, an unproven consented device, or without proofs an unseen device id); a throwing hook is
// contained and reported to onError, and never changes the engine's answer.
import { describe, expect, it } from 'vitest';
import { createRiskEngine } from '../../../../sdk/server/risk/engine';
import type { AssessedEvent, RecordedEvent, RiskEventHooks } from '../../../../sdk/server/risk/events';
import type { LoginAttempt } from '../../../../sdk/server/risk/types';
import { CHROME_MAC } from './helpers';

const KEY = 'k'.repeat(43);
const OTHER_KEY = 'o'.repeat(43);
const base = (over: Partial<LoginAttempt> = {}): LoginAttempt => ({
  userId: 'ada',
  time: Date.UTC(2026, 0, 1),
  ip: '84.208.20.10',
  country: 'NO',
  userAgent: CHROME_MAC,
  consent: true,
  deviceId: 'adaDevice_0123456789',
  ...over,
});

function recorder() {
  const seen: { name: string; event: AssessedEvent | RecordedEvent }[] = [];
  const hooks: RiskEventHooks = {
    onNewDevice: (event) => void seen.push({ name: 'onNewDevice', event }),
    onChallenge: (event) => void seen.push({ name: 'onChallenge', event }),
    onDeny: (event) => void seen.push({ name: 'onDeny', event }),
  };
  return { seen, hooks };
}

describe('risk engine events', () => {
  it('a first proven device: challenge at assess, new device at the successful record; the bound key is then silent', async () => {
    const { seen, hooks } = recorder();
    const engine = createRiskEngine({ events: hooks, geo: async () => undefined });
    const attempt = base({ deviceProof: 'valid', deviceKeyId: KEY });
    expect((await engine.assess(attempt)).decision).toBe('challenge');
    const loginId = await engine.record(attempt, 'success');
    expect(seen.map((s) => s.name)).toEqual(['onChallenge', 'onNewDevice']);
    expect(seen[0]!.event).toMatchObject({
      userId: 'ada',
      ip: '84.208.20.10',
      country: 'NO',
      browser: 'Chrome 120',
      os: 'Mac OS 10',
      deviceKeyId: KEY,
      assessment: { decision: 'challenge' },
    });
    expect(seen[1]!.event).toMatchObject({ userId: 'ada', loginId, deviceKeyId: KEY, deviceId: 'adaDevice_0123456789' });

    seen.length = 0;
    expect((await engine.assess(attempt)).decision).toBe('allow');
    await engine.record(attempt, 'success');
    expect(seen).toEqual([]);
    // A failed sign-in announces no device; an unproven consented success does.
    await engine.record(base({ deviceProof: 'valid', deviceKeyId: OTHER_KEY }), 'failure');
    expect(seen).toEqual([]);
    await engine.record(base({ deviceProof: 'missing' }), 'success');
    expect(seen.map((s) => s.name)).toEqual(['onNewDevice']);
  });

  it('without proofs, a device id never seen for the account is a new device; a known one is not', async () => {
    const { seen, hooks } = recorder();
    const engine = createRiskEngine({ events: hooks, geo: async () => undefined });
    await engine.record(base({ consent: undefined }), 'success');
    await engine.record(base({ consent: undefined }), 'success');
    expect(seen.map((s) => s.name)).toEqual(['onNewDevice']);
  });

  it('a deny decision goes to onDeny; a throwing hook is reported and changes nothing', async () => {
    const errors: string[] = [];
    const engine = createRiskEngine({
      geo: async () => undefined,
      policy: { onAutomation: 'deny' },
      events: {
        onDeny: () => {
          throw new Error('mailer down');
        },
        onError: (error, hook) => void errors.push(`${hook}: ${(error as Error).message}`),
      },
    });
    const assessment = await engine.assess(base({ automation: true }));
    expect(assessment.decision).toBe('deny');
    expect(errors).toEqual(['onDeny: mailer down']);
    // No onError: a rejecting hook is swallowed.
    const quiet = createRiskEngine({ geo: async () => undefined, events: { onChallenge: async () => Promise.reject(new Error('x')) } });
    expect((await quiet.assess(base())).decision).toBe('challenge');
  });
});
