import { describe, expect, it } from 'vitest';
import { createTableGeo } from '../../../../sdk/server/geo/table';
import { createRiskEngine } from '../../../../sdk/server/risk/engine';
import { UNSEEN_RATIO, featureRatio, globalProbability, userPriorRatio } from '../../../../sdk/server/risk/freeman';
import { networkRule } from '../../../../sdk/server/risk/rules/network';
import { userPriorRule } from '../../../../sdk/server/risk/rules/user-prior';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { CHROME_MAC, profile } from './helpers';

const geo = createTableGeo({
  '198.51.100.0/24': { country: 'NO', asn: '100' },
  '203.0.113.0/24': { country: 'SE', asn: '200' },
});

/**
 * History: alice signed in 3 times (198.51.100.1 twice, 198.51.100.2 once; AS100, NO),
 * bob once (203.0.113.5; AS200, SE). N = 4 vouching logins, U = 2 users.
 * Distinct values: ip 3, asn 2, country 2.
 */
async function engineWithHistory() {
  const engine = createRiskEngine({ store: createMemoryStore(), geo, rules: [userPriorRule, networkRule] });
  const t = Date.UTC(2026, 0, 1);
  for (const [userId, ip] of [
    ['alice', '198.51.100.1'],
    ['alice', '198.51.100.1'],
    ['alice', '198.51.100.2'],
    ['bob', '203.0.113.5'],
  ] as const) {
    await engine.record({ userId, ip, userAgent: CHROME_MAC, time: t }, 'success');
  }
  return engine;
}

describe('Freeman et al. likelihood ratio, computed by hand', () => {
  it('new IP inside a known network: ratio below 1', async () => {
    const engine = await engineWithHistory();
    const result = await engine.assess({ userId: 'alice', ip: '198.51.100.3', userAgent: CHROME_MAC, time: Date.UTC(2026, 0, 2) });
    // Prior: p(u|A) = 1/U = 1/2; p(u|L) = (n_u + 1)/(N + U) = (3 + 1)/(4 + 2) = 2/3  →  (1/2)/(2/3) = 0.75
    // Global, add-one: p̃(ip=198.51.100.3) = (0+1)/(4+3+1) = 1/8
    //                  p̃(asn=100) = (3+1)/(4+2+1) = 4/7;  p̃(country=NO) = (3+1)/(4+2+1) = 4/7
    // p(x)   = 0.6·1/8 + 0.3·4/7 + 0.1·4/7 = 0.075 + 1.6/7 = 2.125/7 ≈ 0.303571
    // p(x|u) = 0.6·0/3 + 0.3·3/3 + 0.1·3/3 = 0.4
    // network ratio = 0.303571 / 0.4 ≈ 0.758929;  S = 0.75 · 0.758929 ≈ 0.569196
    const network = result.reasons.find((r) => r.feature === 'network');
    const user = result.reasons.find((r) => r.feature === 'user');
    expect(user?.ratio).toBeCloseTo(0.75, 10);
    expect(network?.ratio).toBeCloseTo(2.125 / 7 / 0.4, 10);
    expect(result.score).toBeCloseTo(0.75 * (2.125 / 7 / 0.4), 10);
    expect(result.score).toBeCloseTo(0.569196, 5);
    expect(result.decision).toBe('allow');
    expect(network?.detail).toContain('IP address 198.51.100.3 never seen');
    expect(network?.detail).toContain('network AS100 seen in 3 of 3');
  });

  it('known IP: p(x) = 0.6·3/8 + 0.4·4/7, p(x|u) = 0.6·2/3 + 0.4 = 0.8', async () => {
    const engine = await engineWithHistory();
    const result = await engine.assess({ userId: 'alice', ip: '198.51.100.1', userAgent: CHROME_MAC, time: Date.UTC(2026, 0, 2) });
    const expected = (0.6 * (3 / 8) + 0.4 * (4 / 7)) / 0.8; // ≈ 0.566964
    expect(result.reasons.find((r) => r.feature === 'network')?.ratio).toBeCloseTo(expected, 10);
    expect(result.score).toBeCloseTo(0.75 * expected, 10);
  });

  it('a network never seen for this user counts as exactly 4, even if other users have it', async () => {
    const engine = await engineWithHistory();
    const result = await engine.assess({ userId: 'alice', ip: '203.0.113.5', userAgent: CHROME_MAC, time: Date.UTC(2026, 0, 2) });
    expect(result.reasons.find((r) => r.feature === 'network')?.ratio).toBe(UNSEEN_RATIO);
    expect(result.score).toBeCloseTo(0.75 * 4, 10);
  });

  it('a user without history: prior (N+U)/U with U counting the new user, every feature 4', async () => {
    const engine = await engineWithHistory();
    const result = await engine.assess({ userId: 'carol', ip: '198.51.100.1', userAgent: CHROME_MAC, time: Date.UTC(2026, 0, 2) });
    // U = 2 + 1 = 3: p(u|A) = 1/3, p(u|L) = (0+1)/(4+3) = 1/7 → 7/3
    expect(result.reasons.find((r) => r.feature === 'user')?.ratio).toBeCloseTo(7 / 3, 10);
    expect(result.score).toBeCloseTo((7 / 3) * 4, 10);
  });
});

describe('Freeman building blocks', () => {
  it('globalProbability is add-one smoothed over distinct values plus an unseen slot', () => {
    const p = profile({ totalLogins: 10, distinct: { ip: 4 }, global: { 'ip=a': 5 } });
    expect(globalProbability(p, { feature: 'ip', value: 'a' })).toBeCloseTo(6 / 15, 12);
    expect(globalProbability(p, { feature: 'ip', value: 'never' })).toBeCloseTo(1 / 15, 12);
  });

  it('a partly seen value never scores worse than an unseen one (capped at 4)', () => {
    // Country seen once in 100 logins of the user, but 90% of all logins: raw ratio would be ≫ 4.
    const p = profile({
      userLogins: 100,
      totalLogins: 1000,
      userCount: 10,
      distinct: { ip: 500, country: 3 },
      user: { 'country=NO': 1 },
      global: { 'country=NO': 900 },
    });
    const score = featureRatio(p, [
      { feature: 'ip', value: 'x', weight: 0.6 },
      { feature: 'country', value: 'NO', weight: 0.1 },
    ]);
    expect(score.seen).toBe(true);
    expect(score.pGlobal / score.pUser).toBeGreaterThan(4);
    expect(score.ratio).toBe(4);
  });

  it('the prior falls as the user accumulates history', () => {
    const few = userPriorRatio(profile({ userLogins: 1, totalLogins: 100, userCount: 10 }));
    const many = userPriorRatio(profile({ userLogins: 30, totalLogins: 100, userCount: 10 }));
    expect(few).toBeCloseTo(1 / 10 / (2 / 110), 10);
    expect(many).toBeLessThan(few);
  });
});
