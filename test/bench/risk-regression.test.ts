// Seeded regression guard for the risk evaluation (bench/risk.bench.ts): on a smaller
// population of the same generator, under the default policy (the service's proof on every
// attempt), the attacks that mirror the victim's network, browser and locale but lack the device
// key stay blocked within 2 points of the committed figures (100 %), legitimate churn (new
// devices, cleared storage, another monitor) is what costs a second factor, not more, and users who
// declined consent are challenged, never denied.
import { describe, expect, it } from 'vitest';
import { ATTACKER_TYPES, generateAttack, generatePopulation, seededRandom, worldGeoTable } from '../../bench/risk-population';
import { createTableGeo } from '../../sdk/server/geo/table';
import { createRiskEngine } from '../../sdk/server/risk/engine';
import { createMemoryStore } from '../../sdk/server/store/memory';

const COMMITTED_BLOCKED = 100;
const KEYLESS = ['naive', 'same-country', 'same-asn-ua', 'copied-device-id', 'copied-visitor-id', 'omitted-signals'] as const;

describe('risk evaluation regression (seeded)', () => {
  it.each([20260101, 7])(
    'seed %i: keyless attackers are not allowed, legitimate logins mostly are',
    async (seed) => {
      const population = generatePopulation({ seed, users: 300 });
      const engine = createRiskEngine({ store: createMemoryStore(), geo: createTableGeo(worldGeoTable()) });
      for (const user of population) for (const login of user.history) await engine.record(login, 'success');
      let legitChallenged = 0;
      const consenting = population.filter((user) => !user.declined);
      for (const user of consenting) if ((await engine.assess(user.next)).decision !== 'allow') legitChallenged++;
      expect(legitChallenged / consenting.length).toBeLessThanOrEqual(0.06);
      // Users who declined consent: challenged (a second factor), never denied.
      const declined = population.filter((user) => user.declined);
      expect(declined.length).toBeGreaterThan(0);
      for (const user of declined) expect((await engine.assess(user.next)).decision).toBe('challenge');
      const rng = seededRandom(seed ^ 0x5eed);
      for (const type of ATTACKER_TYPES) {
        let blocked = 0;
        for (const user of population) if ((await engine.assess(generateAttack(rng, user, type))).decision !== 'allow') blocked++;
        if ((KEYLESS as readonly string[]).includes(type)) expect((100 * blocked) / population.length, type).toBeGreaterThanOrEqual(COMMITTED_BLOCKED - 2);
      }
    },
    60_000,
  );
});
