import { describe, expect, it } from 'vitest';
import { TwofoldError } from '../../../../sdk/protocol/errors';
import { createTableGeo } from '../../../../sdk/server/geo/table';
import { createRiskEngine, scoreAttempt } from '../../../../sdk/server/risk/engine';
import { attemptFromReport } from '../../../../sdk/server/risk/report';
import type { LoginAttempt, RiskRule } from '../../../../sdk/server/risk/types';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { sampleReport } from '../helpers/report';
import { CHROME_MAC, SAFARI_IPHONE, ruleInput } from './helpers';

const geo = createTableGeo({
  '198.51.100.0/24': { country: 'NO', asn: '2119', lat: 59.91, lon: 10.75, accuracyKm: 20 },
  '203.0.113.0/24': { country: 'BR', asn: '28573', lat: -23.55, lon: -46.63, accuracyKm: 50 },
});
const t0 = Date.UTC(2026, 0, 5, 9);
const HOUR = 3_600_000;
const home = (over: Partial<LoginAttempt> = {}): LoginAttempt => ({
  userId: 'alice',
  time: t0,
  ip: '198.51.100.7',
  userAgent: CHROME_MAC,
  deviceId: 'dev-alice',
  visitorId: 'fp-alice',
  timezone: 'Europe/Oslo',
  languages: ['nb-NO', 'en'],
  consent: true,
  ...over,
});

describe('risk engine', () => {
  it('challenges a first login from a new device with reasons, then allows the same device', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    const first = await engine.assess(home());
    expect(first.decision).toBe('challenge');
    expect(first.reasons.map((r) => r.feature)).toEqual(expect.arrayContaining(['device', 'network', 'browser', 'user']));
    expect(first.reasons.find((r) => r.feature === 'device')?.detail).toMatch(/New device/);
    for (const r of first.reasons) expect(r.detail.length).toBeGreaterThan(10);
    // Reasons come largest ratio first.
    expect(first.reasons.map((r) => r.ratio)).toEqual([...first.reasons.map((r) => r.ratio)].sort((a, b) => b - a));
    await engine.record(home(), 'success');
    const second = await engine.assess(home({ time: new Date(t0 + HOUR) }));
    expect(second.decision).toBe('allow');
    expect(second.score).toBeLessThan(1);
    expect(second.reasons.find((r) => r.feature === 'device')?.detail).toMatch(/Known device/);
  });

  it('works end to end from SDK reports: new device challenged, the same device then allowed, a refusal challenged', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    const context = (time: number) => ({ userId: 'bob', ip: '198.51.100.20', userAgent: CHROME_MAC, time });
    const first = attemptFromReport(sampleReport({ deviceId: 'dev-bob-0123456789abcdef', visitorId: 'fp-bob', userAgent: CHROME_MAC }), context(t0));
    expect((await engine.assess(first)).decision).toBe('challenge');
    await engine.record(first, 'success');
    const again = attemptFromReport(sampleReport({ deviceId: 'dev-bob-0123456789abcdef', visitorId: 'fp-bob', userAgent: CHROME_MAC }), context(t0 + HOUR));
    const second = await engine.assess(again);
    expect(second.decision).toBe('allow');
    expect(second.reasons.find((r) => r.feature === 'device')?.ratio).toBe(0.25);
    const refused = await engine.assess(attemptFromReport(undefined, context(t0 + 2 * HOUR)));
    expect(refused.decision).toBe('challenge');
    expect(refused.reasons.map((r) => r.feature)).toContain('consent');
  });

  it('challenges an attacker with the password from another continent, and flags the travel', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    for (let i = 0; i < 5; i++) await engine.record(home({ time: t0 + i * 24 * HOUR }), 'success');
    const attack = await engine.assess({
      userId: 'alice',
      time: t0 + 4 * 24 * HOUR + HOUR,
      ip: '203.0.113.50',
      userAgent: SAFARI_IPHONE,
      timezone: 'America/Sao_Paulo',
      languages: ['pt-BR'],
    });
    expect(attack.decision).toBe('challenge');
    expect(attack.reasons[0]?.feature).toBe('travel');
    expect(attack.score).toBeGreaterThan(engine.policy.challengeAt * 100);
  });

  it('fields given in the attempt win over geo', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    const id = await engine.record(home({ country: 'se', asn: 'AS3301' }), 'success');
    const exported = await engine.store.exportSubject({ userId: 'alice' });
    const features = exported.logins[0]?.features ?? [];
    expect(exported.logins[0]?.id).toBe(id);
    expect(features).toContainEqual({ feature: 'country', value: 'SE' });
    expect(features).toContainEqual({ feature: 'asn', value: '3301' });
    // Coordinates from geo belong to NO, not to the SE the site asserted, so they are dropped.
    expect(exported.logins[0]?.lat).toBeUndefined();
  });

  it('velocity: repeated failures get the account challenged even from home', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    for (let i = 0; i < 5; i++) await engine.record(home({ time: t0 - 30 * 24 * HOUR + i * HOUR }), 'success');
    for (let i = 0; i < 5; i++) await engine.record(home({ time: t0 + i * 1000, ip: '203.0.113.9' }), 'failure');
    const result = await engine.assess(home({ time: t0 + 10_000 }));
    expect(result.decision).toBe('challenge');
    expect(result.reasons.find((r) => r.feature === 'velocity-user')?.detail).toContain('5 failed sign-ins');
    // Outside the window the failures no longer count.
    expect((await engine.assess(home({ time: t0 + HOUR }))).decision).toBe('allow');
  });

  it('consent refused: challenge by default, deny under "no consent, no login"', async () => {
    const store = createMemoryStore();
    const lenient = createRiskEngine({ store, geo });
    for (let i = 0; i < 3; i++) await lenient.record(home({ time: t0 - i * HOUR }), 'success');
    const refused: LoginAttempt = { userId: 'alice', time: t0, ip: '198.51.100.7', userAgent: CHROME_MAC, consent: false };
    expect((await lenient.assess(refused)).decision).toBe('challenge');
    const strict = createRiskEngine({ store, geo, policy: { onConsentRefused: 'deny' } });
    const denied = await strict.assess(refused);
    expect(denied.decision).toBe('deny');
    expect(denied.reasons.some((r) => r.feature === 'consent')).toBe(true);
  });

  it('markNotMe: a login the user disowns stops vouching for its device', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    for (let i = 0; i < 3; i++) await engine.record(home({ time: t0 - (i + 1) * 24 * HOUR }), 'success');
    const intruder = { ...home(), ip: '203.0.113.50', deviceId: 'dev-x', visitorId: 'fp-x', userAgent: SAFARI_IPHONE, time: t0 - HOUR };
    const id = await engine.record(intruder, 'success');
    const before = await engine.assess({ ...intruder, time: t0 });
    expect(await engine.store.markNotMe('alice', id!)).toBe(true);
    const after = await engine.assess({ ...intruder, time: t0 });
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.reasons.find((r) => r.feature === 'device')?.detail).toMatch(/New device/);
  });

  it('does not record subjects who objected', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    await engine.store.objectSubject({ userId: 'alice' }, t0);
    expect(await engine.record(home(), 'success')).toBeUndefined();
    expect(await engine.store.countRows()).toBe(0);
  });

  it('rejects malformed attempts with typed errors', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo });
    await expect(engine.assess({ ...home(), userId: '' })).rejects.toBeInstanceOf(TwofoldError);
    await expect(engine.assess({ ...home(), time: Number.NaN })).rejects.toMatchObject({ code: 'invalid_attempt' });
    await expect(engine.record(home(), 'maybe' as 'success')).rejects.toMatchObject({ code: 'invalid_outcome' });
    expect(() => createRiskEngine({ policy: { challengeAt: 10, denyAt: 5 } })).toThrow(/denyAt/);
  });

  it('a failing geo resolver does not fail the assessment', async () => {
    const engine = createRiskEngine({ store: createMemoryStore(), geo: () => Promise.reject(new Error('down')) });
    expect((await engine.assess(home())).decision).toBe('challenge');
  });

  it('composes any rule list: adding a rule needs no engine change', () => {
    const friday: RiskRule = { id: 'friday', evaluate: () => ({ reasons: [{ feature: 'friday', ratio: 3, detail: 'It is Friday.' }], floor: 'deny' }) };
    const result = scoreAttempt(ruleInput(), [friday]);
    expect(result).toEqual({ score: 3, decision: 'deny', reasons: [{ feature: 'friday', ratio: 3, detail: 'It is Friday.' }] });
  });

  it('thresholds: challengeAt and denyAt map the score to a decision', () => {
    const fixed = (ratio: number): RiskRule => ({ id: 'fixed', evaluate: () => ({ reasons: [{ feature: 'f', ratio, detail: 'fixed' }] }) });
    const input = ruleInput({ policy: { challengeAt: 10, denyAt: 1000 } });
    expect(scoreAttempt(input, [fixed(9.99)]).decision).toBe('allow');
    expect(scoreAttempt(input, [fixed(10)]).decision).toBe('challenge');
    expect(scoreAttempt(input, [fixed(1000)]).decision).toBe('deny');
  });
});
