import { describe, expect, it } from 'vitest';
import { unprovenDeviceRate } from '../../../../../sdk/server/risk/device-history';
import { KNOWN_DEVICE_RATIO, KNOWN_KEY_RATIO, KNOWN_VISITOR_RATIO, NEW_VISITOR_RATIO, newDeviceRule } from '../../../../../sdk/server/risk/rules/new-device';
import { attempt, profile, ruleInput } from '../helpers';

const history = profile({ userLogins: 3, user: { 'device-id=D1': 3, 'visitor-id=V1': 2 } });
// The learned ratio for this history (device-history.ts): 3 sign-ins, no device events recorded, an empty population.
const LEARNED_NEW_RATIO = unprovenDeviceRate(history).ratio;
const run = (over: Parameters<typeof attempt>[0]) => newDeviceRule.evaluate(ruleInput({ attempt: attempt(over), profile: history })).reasons;

describe('new device rule', () => {
  it('declares device-id and visitor-id features when present', () => {
    expect(newDeviceRule.features?.(attempt({ deviceId: 'D1', visitorId: 'V1' }))).toEqual([
      { feature: 'device-id', value: 'D1' },
      { feature: 'visitor-id', value: 'V1' },
    ]);
  });

  it('a known device id vouches', () => {
    const [reason] = run({ deviceId: 'D1', visitorId: 'V9' });
    expect(reason?.ratio).toBe(KNOWN_DEVICE_RATIO);
    expect(reason?.detail).toContain('Known device');
  });

  it('a new device id counts as never seen, unless the fingerprint is known', () => {
    expect(run({ deviceId: 'D2' })[0]).toMatchObject({ feature: 'device', ratio: LEARNED_NEW_RATIO });
    expect(run({ deviceId: 'D2', visitorId: 'V1' })[0]?.ratio).toBe(1);
  });

  it('falls back to the visitor id alone with weaker ratios', () => {
    expect(run({ visitorId: 'V1' })[0]?.ratio).toBe(KNOWN_VISITOR_RATIO);
    expect(run({ visitorId: 'V2' })[0]?.ratio).toBe(NEW_VISITOR_RATIO);
  });

  it('says nothing without device signals when consent was refused or not stated', () => {
    expect(run({})).toEqual([]);
    expect(run({ consent: false })).toEqual([]);
  });

  it('consent granted but no usable device id: an unseen device, with a second factor as the floor', () => {
    const missing = newDeviceRule.evaluate(ruleInput({ attempt: attempt({ consent: true }), profile: history }));
    expect(missing.reasons).toEqual([expect.objectContaining({ feature: 'device', ratio: LEARNED_NEW_RATIO })]);
    expect(missing.reasons[0]?.detail).toContain('No usable device id');
    expect(missing.floor).toBe('challenge');
    // Leaving the id out never scores better than sending a new one: a known fingerprint softens both alike.
    const withKnownFingerprint = newDeviceRule.evaluate(ruleInput({ attempt: attempt({ consent: true, visitorId: 'V1' }), profile: history }));
    expect(withKnownFingerprint.reasons[0]?.ratio).toBe(run({ deviceId: 'D2', visitorId: 'V1' })[0]?.ratio);
    expect(withKnownFingerprint.floor).toBe('challenge');
    expect(newDeviceRule.evaluate(ruleInput({ attempt: attempt({ consent: true, visitorId: 'V2' }), profile: history })).reasons[0]?.ratio).toBe(
      LEARNED_NEW_RATIO,
    );
    // A sent, known device id is unaffected by consent being stated.
    expect(newDeviceRule.evaluate(ruleInput({ attempt: attempt({ consent: true, deviceId: 'D1' }), profile: history }))).toEqual({
      reasons: [expect.objectContaining({ ratio: KNOWN_DEVICE_RATIO })],
    });
  });
});

describe('new device rule with a stated device proof', () => {
  const KEY = 'k'.repeat(43);
  const bound = { userId: 'alice', keyId: KEY, boundAt: Date.UTC(2025, 11, 2, 12), lastUsedAt: Date.UTC(2025, 11, 30) };
  const evaluate = (over: Parameters<typeof attempt>[0], deviceKey?: typeof bound) =>
    newDeviceRule.evaluate(
      ruleInput({ attempt: attempt({ consent: true, deviceId: 'D1', visitorId: 'V1', ...over }), profile: history, ...(deviceKey ? { deviceKey } : {}) }),
    );

  it('a valid signature by the bound key is the known device (key), remembered', () => {
    const outcome = evaluate({ deviceProof: 'valid', deviceKeyId: KEY }, bound);
    expect(outcome.remembered).toBe(true);
    expect(outcome.floor).toBeUndefined();
    expect(outcome.reasons).toEqual([{ feature: 'device', ratio: KNOWN_KEY_RATIO, detail: expect.stringMatching(/^Known device \(key\).* 30 days ago/) }]);
  });

  it('the known device id and visitor id get no credit without the bound key: new device, challenge floor', () => {
    for (const [over, text] of [
      [{ deviceProof: 'valid', deviceKeyId: KEY }, /^New device key/],
      [{ deviceProof: 'invalid' }, /^The device proof did not verify/],
      [{ deviceProof: 'missing' }, /^No device proof/],
    ] as const) {
      const outcome = evaluate(over);
      expect(outcome.floor).toBe('challenge');
      expect(outcome.remembered).toBeUndefined();
      expect(outcome.reasons).toEqual([{ feature: 'device', ratio: LEARNED_NEW_RATIO, detail: expect.stringMatching(text) }]);
    }
    expect(evaluate({ deviceProof: 'missing', deviceId: undefined }).reasons[0]!.detail).toMatch(/No usable device id was sent either/);
  });

  it('records the key that signed with the login (so "this wasn\'t me" can unbind it); never an unverified one', () => {
    expect(newDeviceRule.features?.(attempt({ deviceProof: 'valid', deviceKeyId: KEY }))).toEqual([{ feature: 'device-key', value: KEY }]);
    expect(newDeviceRule.features?.(attempt({ deviceProof: 'invalid', deviceKeyId: KEY }))).toEqual([]);
  });
});
