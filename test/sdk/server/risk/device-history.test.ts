// The learned device history (device-history.ts): sign-ins classified jointly over key, device id
// and visitor id, recorded as 'device-event' values, and the smoothed rate of unproven devices that
// replaces the fixed ×4 of a new device.
import { describe, expect, it } from 'vitest';
import { classifyDeviceEvent, describeRate, MAX_UNPROVEN_RATIO, PRIOR_LOGINS, unprovenDeviceRate } from '../../../../sdk/server/risk/device-history';
import { createRiskEngine } from '../../../../sdk/server/risk/engine';
import { normalizeAttempt } from '../../../../sdk/server/risk/attempt';
import type { LoginAttempt } from '../../../../sdk/server/risk/types';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { CHROME_MAC, profile } from './helpers';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);

describe('learned rate of unproven devices', () => {
  const population = { totalLogins: 998, global: { 'device-event=new': 60, 'device-event=cleared': 19 } };

  it('a user on the same two devices for 40 sign-ins scores a new device far above a weekly switcher', () => {
    const stable = unprovenDeviceRate(profile({ ...population, userLogins: 40, user: { 'device-event=new': 2 } }));
    const switcher = unprovenDeviceRate(profile({ ...population, userLogins: 40, user: { 'device-event=new': 14, 'device-event=cleared': 6 } }));
    // π = 80/1000; r = (2 + 10·0.08) / 50 and (20 + 0.8) / 50.
    expect(stable.populationRate).toBeCloseTo(0.08, 10);
    expect(stable.rate).toBeCloseTo((2 + PRIOR_LOGINS * 0.08) / 50, 10);
    expect(stable.ratio).toBeCloseTo(50 / 2.8, 6);
    expect(switcher.ratio).toBeCloseTo(50 / 20.8, 6);
    expect(stable.ratio).toBeGreaterThan(7 * switcher.ratio);
  });

  it('a user without history gets the population rate; the ratio is capped so a new device alone never denies', () => {
    const fresh = unprovenDeviceRate(profile(population));
    expect(fresh.rate).toBeCloseTo(0.08, 10);
    expect(fresh.ratio).toBeCloseTo(12.5, 6);
    const veteran = unprovenDeviceRate(profile({ totalLogins: 1_000_000, userLogins: 5000, global: { 'device-event=new': 10 } }));
    expect(veteran.ratio).toBe(MAX_UNPROVEN_RATIO);
  });

  it('says the counts in words', () => {
    const stable = unprovenDeviceRate(profile({ ...population, userLogins: 40, user: { 'device-event=new': 1 } }));
    expect(describeRate(stable, 'a new device')).toBe(
      'this account signs in from a new device in 1 of 40 sign-ins (learned rate 1 in 28, population 1 in 13); ×28.',
    );
    expect(describeRate(unprovenDeviceRate(profile(population)), 'a new device')).toMatch(/^this account has no sign-in history/);
  });
});

describe('device events recorded with each successful sign-in', () => {
  const login = (over: Partial<LoginAttempt>, day: number): LoginAttempt => ({
    userId: 'u',
    time: t0 + day * DAY,
    ip: '198.51.100.7',
    userAgent: CHROME_MAC,
    consent: true,
    ...over,
  });

  it('classifies jointly over key, device id and visitor id', async () => {
    const store = createMemoryStore();
    const engine = createRiskEngine({ store, geo: () => undefined });
    const classify = async (over: Partial<LoginAttempt>) => classifyDeviceEvent(store, await normalizeAttempt(login(over, 1), undefined));
    const laptop = { deviceId: 'dev-laptop', visitorId: 'fp-laptop', deviceProof: 'valid', deviceKeyId: 'key-laptop' } as const;
    expect(await classify(laptop)).toBe('new');
    await engine.record(login(laptop, 0), 'success');
    expect(await classify(laptop)).toBeUndefined();
    expect(await classify({ ...laptop, visitorId: 'fp-drifted' })).toBe('drift');
    expect(await classify({ ...laptop, deviceId: 'dev-cleared', deviceKeyId: 'key-cleared' })).toBe('cleared');
    expect(await classify({ ...laptop, deviceProof: 'missing' })).toBe('cleared');
    expect(await classify({ deviceId: 'dev-phone', visitorId: 'fp-phone', deviceProof: 'valid', deviceKeyId: 'key-phone' })).toBe('new');
    // Without proofs the device id decides; with neither, nothing is classified.
    expect(await classify({ deviceId: 'dev-laptop', visitorId: 'fp-laptop' })).toBeUndefined();
    expect(await classify({ deviceId: 'dev-other', visitorId: 'fp-laptop' })).toBe('cleared');
    expect(await classify({ visitorId: 'fp-laptop' })).toBeUndefined();
  });

  it('the engine learns the rate from recorded sign-ins, and a "not me" sign-in stops counting', async () => {
    const store = createMemoryStore();
    const engine = createRiskEngine({ store, geo: () => undefined });
    const proven = (key: string, day: number) =>
      login({ deviceId: `dev-${key}`, visitorId: `fp-${key}`, deviceProof: 'valid', deviceKeyId: `key-${key}` }, day);
    for (let day = 0; day < 20; day++) await engine.record(proven(day < 10 ? 'a' : 'b', day), 'success');
    const intruder = await engine.record(proven('intruder', 20), 'success');
    const assess = () => engine.assess(proven('next', 21));
    const before = (await assess()).reasons.find((r) => r.feature === 'device');
    expect(before?.detail).toMatch(/in 3 of 21 sign-ins/);
    await store.markNotMe('u', intruder as string);
    const after = (await assess()).reasons.find((r) => r.feature === 'device');
    expect(after?.detail).toMatch(/in 2 of 20 sign-ins/);
    expect(after!.ratio).toBeGreaterThan(before!.ratio);
  });

  for (const [name, create] of [
    ['memory', async () => createMemoryStore()],
    ['sqlite', () => createSqliteStore(':memory:')],
  ] as [string, () => Promise<Store>][]) {
    it(`assess classifies as record would, and record given the assessment reads nothing again (${name})`, async () => {
      const store = await create();
      const engine = createRiskEngine({ store, geo: () => undefined });
      const laptop = { deviceId: 'dev-laptop', visitorId: 'fp-laptop', deviceProof: 'valid', deviceKeyId: 'key-laptop' } as const;
      await engine.record(login(laptop, 0), 'success');
      await engine.record(login({ deviceId: 'dev-old', visitorId: 'fp-old' }, 0), 'success');
      const cases: Partial<LoginAttempt>[] = [
        laptop,
        { ...laptop, visitorId: 'fp-drifted' },
        { ...laptop, deviceId: 'dev-cleared', deviceKeyId: 'key-cleared' },
        { ...laptop, deviceProof: 'missing' },
        { ...laptop, deviceProof: 'invalid' },
        { deviceId: 'dev-phone', visitorId: 'fp-phone', deviceProof: 'valid', deviceKeyId: 'key-phone' },
        { deviceId: 'dev-old', visitorId: 'fp-old' },
        { deviceId: 'dev-old' },
        { deviceId: 'dev-other', visitorId: 'fp-laptop' },
        { visitorId: 'fp-laptop' },
        {},
      ];
      for (const over of cases) {
        const attempt = login(over, 1);
        const classified = await classifyDeviceEvent(store, await normalizeAttempt(attempt, undefined));
        const assessment = await engine.assess(attempt);
        expect(assessment.deviceEvent, JSON.stringify(over)).toBe(classified ?? 'none');
      }
      // Record takes the class from the assessment: no profile or key read, and the class is what the counts get.
      const attempt = login({ deviceId: 'dev-tablet', visitorId: 'fp-laptop' }, 2);
      const assessment = await engine.assess(attempt);
      expect(assessment.deviceEvent).toBe('cleared');
      const reads = { profile: 0, key: 0 };
      const readProfile = store.readProfile.bind(store);
      const readDeviceKey = store.readDeviceKey.bind(store);
      store.readProfile = (...args) => {
        reads.profile++;
        return readProfile(...args);
      };
      store.readDeviceKey = (...args) => {
        reads.key++;
        return readDeviceKey(...args);
      };
      await engine.record(attempt, 'success', undefined, assessment);
      expect(reads).toEqual({ profile: 0, key: 0 });
      // Anything but a class (a caller's own object) is ignored and the class is read instead.
      await engine.record(login({ deviceId: 'dev-tv' }, 3), 'success', undefined, { deviceEvent: 'bogus' as 'new' });
      expect(reads.profile).toBe(1);
      store.readProfile = readProfile;
      const counts = await store.readProfile('u', [
        { feature: 'device-event', value: 'cleared' },
        { feature: 'device-event', value: 'new' },
        { feature: 'device-event', value: 'bogus' },
      ]);
      expect([...counts.user.values()]).toEqual([1, 3, 0]);
      await store.close();
    });
  }
});
