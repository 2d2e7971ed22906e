// Issue 13, "Allow without a second factor": anyone can seal a report (the key is published, nonces
// are anonymous). Against `twofold serve` (child process, SQLite and PostgreSQL), a victim with a
// history of sign-ins from home; the attacker seals their own report, leaving out the device id
// (or sending a malformed one, or almost nothing), from another address in the victim's network
// with the victim's user agent. Under the default policy none of that is `allow`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACK_ORIGIN,
  ATTACK_SITE,
  VICTIM_UA,
  attackBackends,
  freshUser,
  removeAttackBundle,
  startAttackTarget,
  type AttackTarget,
} from '../helpers/attack-target';
import { createTestDeviceKey, type TestDeviceKey } from '../helpers/device-key';
import { sampleReport } from '../helpers/report';

/** Home of the victim, and another address in the same network (same /24, so same ASN and country). */
const VICTIM_HOME = '84.208.20.10';
const VICTIM_NETWORK = '84.208.20.77';
const VICTIM_DEVICE = 'victimDevice_0123456789';

afterAll(() => removeAttackBundle());

describe.each(attackBackends('twofold_attack_verdict'))('a self-sealed report against twofold serve on %s', (_name, prepare) => {
  let target: AttackTarget;
  let cleanup = async () => {};
  const victim = freshUser('victim');
  let victimKey: TestDeviceKey;
  const forged = (drop: string[], patch: Record<string, unknown> = {}) => {
    const report = sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, userAgent: VICTIM_UA });
    for (const id of drop) delete report.signals[id];
    Object.assign(report.signals, patch);
    return target.seal(report);
  };

  beforeAll(async () => {
    const backend = await prepare();
    cleanup = backend.cleanup;
    target = await startAttackTarget(backend.store);
    // Six completed sign-ins from home on the victim's device (the first ones passed a second factor),
    // each signed by the device key the victim's SDK holds (bound by the first).
    victimKey = await createTestDeviceKey();
    for (let i = 0; i < 6; i++) await target.signIn(victim, VICTIM_DEVICE, VICTIM_HOME, victimKey);
  }, 90_000);

  afterAll(async () => {
    await target?.stop();
    await cleanup();
  });

  it("the victim's own device from home is allowed: the baseline the attacks are measured against", async () => {
    const sealed = await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: VICTIM_DEVICE, userAgent: VICTIM_UA }), victimKey);
    const own = await target.assess(victim, sealed, VICTIM_HOME);
    expect(own.status).toBe(200);
    expect(own.json.decision).toBe('allow');
  });

  it("no device id and no visitor id, from the victim's network with the victim's user agent: not allow", async () => {
    const result = await target.assess(victim, await forged(['device-id', 'visitor-id']), VICTIM_NETWORK);
    expect(result.status).toBe(200);
    expect(result.json.decision).not.toBe('allow');
    expect(result.json.reasons.map((r: { detail: string }) => r.detail).join('\n')).toContain('No usable device id');
  });

  it('a malformed device id counts as none: not allow', async () => {
    for (const id of ['', 'victim device', '{"$ne":null}', 'v'.repeat(201), 'victimDevice_0123456789\n']) {
      const sealed = await forged(['visitor-id'], { 'device-id': { value: { id, createdAt: new Date().toISOString(), isNew: false }, durationMs: 1 } });
      const result = await target.assess(victim, sealed, VICTIM_NETWORK);
      expect(result.json.decision, `device id ${JSON.stringify(id)}`).not.toBe('allow');
    }
  });

  it('consent granted but almost no signals: the gap is a reason of its own, not allow', async () => {
    const result = await target.assess(victim, await forged(['device-id', 'visitor-id', 'time-zone', 'languages']), VICTIM_NETWORK);
    expect(result.json.decision).not.toBe('allow');
    expect(result.json.reasons.map((r: { feature: string }) => r.feature)).toEqual(expect.arrayContaining(['device', 'signals']));
  });

  it('no sealed report at all: challenged, saying that no device signals were sent', async () => {
    const result = await target.assess(victim, undefined, VICTIM_HOME);
    expect(result.json.decision).toBe('challenge');
    const consent = result.json.reasons.find((r: { feature: string }) => r.feature === 'consent');
    expect(consent.detail).toMatch(/^No device signals were sent/);
  });
});
