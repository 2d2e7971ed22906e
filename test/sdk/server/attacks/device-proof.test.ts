// Issue 14, the device proof: a made-up or copied device id used to score like a device of the
// victim. Against `twofold serve` (child process, SQLite and PostgreSQL), a victim with six
// completed sign-ins from home, each signed by the device key their SDK holds (bound by the first
// successful record). The attacker copies the victim's device id and visitor id, their user agent
// and their network, but not the key: never `allow`. A replayed signed report is refused; the
// victim's own key is allowed as a remembered device with "Known device (key)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
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

const VICTIM_HOME = '84.208.20.10';
const VICTIM_NETWORK = '84.208.20.77';
const VICTIM_DEVICE = 'victimDevice_0123456789';
const VICTIM_VISITOR = 'victimVisitor0123456789abcdef';

afterAll(() => removeAttackBundle());

type Reason = { feature: string; detail: string };
const deviceReason = (json: { reasons: Reason[] }) => json.reasons.find((r) => r.feature === 'device')?.detail ?? '';

describe.each(attackBackends('twofold_attack_device_proof'))('the device proof against twofold serve on %s', (_name, prepare) => {
  let target: AttackTarget;
  let cleanup = async () => {};
  const victim = freshUser('victim');
  let victimKey: TestDeviceKey;
  /** The victim's report, as the attacker copies it: device id, visitor id and user agent. */
  const copied = () => sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: VICTIM_DEVICE, visitorId: VICTIM_VISITOR, userAgent: VICTIM_UA });

  beforeAll(async () => {
    const backend = await prepare();
    cleanup = backend.cleanup;
    target = await startAttackTarget(backend.store);
    victimKey = await createTestDeviceKey();
    for (let i = 0; i < 6; i++) await target.signIn(victim, VICTIM_DEVICE, VICTIM_HOME, victimKey);
  }, 90_000);

  afterAll(async () => {
    await target?.stop();
    await cleanup();
  });

  it("the victim's bound key is allowed from home and from the victim's network, as a known device (key)", async () => {
    for (const ip of [VICTIM_HOME, VICTIM_NETWORK]) {
      const result = await target.assess(victim, await target.seal(copied(), victimKey), ip);
      expect(result.status).toBe(200);
      expect(result.json.decision).toBe('allow');
      expect(deviceReason(result.json)).toMatch(/^Known device \(key\)/);
    }
  });

  it("copied device id and visitor id without the key, from the victim's network with the victim's user agent: not allow", async () => {
    const unsigned = await target.assess(victim, await target.seal(copied()), VICTIM_NETWORK);
    expect(unsigned.status).toBe(200);
    expect(unsigned.json.decision).not.toBe('allow');
    expect(deviceReason(unsigned.json)).toMatch(/^No device proof/);

    // The attacker's own key, never bound to the victim: a new device.
    const ownKey = await target.assess(victim, await target.seal(copied(), await createTestDeviceKey()), VICTIM_NETWORK);
    expect(ownKey.json.decision).not.toBe('allow');
    expect(deviceReason(ownKey.json)).toMatch(/^New device key/);

    // A made-up device id, signed or not: the same.
    const madeUp = await target.assess(
      victim,
      await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, userAgent: VICTIM_UA }), await createTestDeviceKey()),
      VICTIM_HOME,
    );
    expect(madeUp.json.decision).not.toBe('allow');
  });

  it("the victim's public key with a signature the attacker cannot make is no proof: not allow", async () => {
    const { json: other } = await target.call('GET', '/twofold/nonce');
    // A signature the victim's key made, but over another nonce (e.g. lifted from another sealing).
    const { json: nonce } = await target.call('GET', '/twofold/nonce');
    const lifted = await sealReport(copied(), {
      publicKey: target.publicKey,
      nonce: nonce.nonce,
      site: ATTACK_SITE,
      origin: ATTACK_ORIGIN,
      prove: (binding) => victimKey.prove({ ...binding, nonce: other.nonce }),
    });
    const result = await target.assess(victim, lifted, VICTIM_NETWORK);
    expect(result.json.decision).not.toBe('allow');
    expect(deviceReason(result.json)).toMatch(/^The device proof did not verify/);

    // The victim's key with a garbage signature, and a proof of the wrong shape.
    for (const forge of [(p: { key: string; sig: string }) => ({ ...p, sig: 'A'.repeat(86) }), () => ({ alg: 'none', key: 'x' })]) {
      const { json: n } = await target.call('GET', '/twofold/nonce');
      const sealed = await sealReport(copied(), {
        publicKey: target.publicKey,
        nonce: n.nonce,
        site: ATTACK_SITE,
        origin: ATTACK_ORIGIN,
        prove: async (binding) => forge(await victimKey.prove(binding)) as never,
      });
      const forged = await target.assess(victim, sealed, VICTIM_HOME);
      expect(forged.status).toBe(200);
      expect(forged.json.decision).not.toBe('allow');
    }
  });

  it('a replayed signed report is refused', async () => {
    const sealed = await target.seal(copied(), victimKey);
    expect((await target.assess(victim, sealed, VICTIM_HOME)).json.decision).toBe('allow');
    const again = await target.assess(victim, sealed, VICTIM_NETWORK);
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('seal_replayed');
  });

  it('a new device is bound by a successful record (after the second factor), then remembered', async () => {
    const user = freshUser('newphone');
    const phone = await createTestDeviceKey();
    const first = await target.assess(
      user,
      await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: 'phoneDevice_0123456789' }), phone),
      VICTIM_HOME,
    );
    expect(first.json.decision).toBe('challenge');
    // The site verified the second factor, then records the success: the key is bound.
    expect((await target.record(first.json.attemptToken, 'success')).status).toBe(200);
    const second = await target.assess(
      user,
      await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: 'phoneDevice_0123456789' }), phone),
      VICTIM_HOME,
    );
    expect(second.json.decision).toBe('allow');
    expect(deviceReason(second.json)).toMatch(/^Known device \(key\)/);
    // A failed record binds nothing.
    const laptop = await createTestDeviceKey();
    const tried = await target.assess(user, await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN }), laptop), VICTIM_HOME);
    await target.record(tried.json.attemptToken, 'failure');
    const after = await target.assess(user, await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN }), laptop), VICTIM_HOME);
    expect(after.json.decision).not.toBe('allow');
  });
});
