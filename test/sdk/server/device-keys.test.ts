// Issue 14, "remember this device", through the service (no HTTP): a successful record binds the
// sealed report's device key; the key is remembered for `rememberDeviceMs` after its last use
// (default 90 days, never past the retention); the account can list and revoke its keys; rights
// access and erase include them; "this wasn't me" unbinds the key that signed that login.
import { describe, expect, it } from 'vitest';
import { sealReport } from '../../../sdk/protocol/seal';
import { createTwofoldService } from '../../../sdk/server/http/service';
import { generateSiteKeys } from '../../../sdk/server/seal';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { createTestDeviceKey, type TestDeviceKey } from './helpers/device-key';
import { sampleReport } from './helpers/report';

const DAY = 24 * 60 * 60 * 1000;
const HOME = '84.208.20.10';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

async function setup(options: { retentionDays?: number; rememberDeviceMs?: number } = {}) {
  const keys = await generateSiteKeys();
  let clock = Date.UTC(2026, 0, 1);
  const service = createTwofoldService({
    site: 'example.com',
    store: createMemoryStore(),
    keys,
    now: () => clock,
    geo: async () => undefined,
    ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
    ...(options.rememberDeviceMs ? { policy: { rememberDeviceMs: options.rememberDeviceMs } } : {}),
  });
  const sealed = async (deviceId: string, key?: TestDeviceKey) => {
    const { nonce } = await service.issueNonce();
    return sealReport(sampleReport({ deviceId, userAgent: UA }), {
      publicKey: keys.publicKey,
      nonce,
      site: 'example.com',
      origin: 'https://example.com',
      now: clock,
      ...(key ? { prove: key.prove } : {}),
    });
  };
  const assess = async (userId: string, deviceId: string, key?: TestDeviceKey) =>
    service.assess({ userId, sealed: await sealed(deviceId, key), ip: HOME, userAgent: UA });
  const signIn = async (userId: string, deviceId: string, key?: TestDeviceKey) => service.record(await assess(userId, deviceId, key), 'success');
  return { service, assess, signIn, advance: (ms: number) => (clock += ms) };
}

describe('remember this device (device keys through the service)', () => {
  it('binds on a successful record, remembers for 90 days after the last use by default, then challenges again', async () => {
    const { service, assess, signIn, advance } = await setup();
    const key = await createTestDeviceKey();
    expect((await assess('ada', 'adaDevice_0123456789', key)).assessment.decision).toBe('challenge');
    await signIn('ada', 'adaDevice_0123456789', key);
    expect(await service.listDeviceKeys('ada')).toEqual([expect.objectContaining({ userId: 'ada', keyId: key.keyId, deviceId: 'adaDevice_0123456789' })]);
    advance(89 * DAY);
    const remembered = await assess('ada', 'adaDevice_0123456789', key);
    expect(remembered.assessment.decision).toBe('allow');
    expect(remembered.assessment.reasons.find((r) => r.feature === 'device')?.detail).toMatch(/^Known device \(key\).*89 days ago/);
    advance(91 * DAY);
    const expired = await assess('ada', 'adaDevice_0123456789', key);
    expect(expired.assessment.decision).toBe('challenge');
    expect(expired.assessment.reasons.find((r) => r.feature === 'device')?.detail).toMatch(/^New device key/);
  });

  it('a shorter remember period is honoured, and the period never outlives the retention', async () => {
    const short = await setup({ rememberDeviceMs: 7 * DAY });
    const key = await createTestDeviceKey();
    await short.signIn('bo', 'boDevice_0123456789', key);
    short.advance(8 * DAY);
    expect((await short.assess('bo', 'boDevice_0123456789', key)).assessment.decision).toBe('challenge');

    const kept = await setup({ retentionDays: 30, rememberDeviceMs: 365 * DAY });
    expect(kept.service.engine.policy.rememberDeviceMs).toBe(30 * DAY);
    await kept.signIn('cy', 'cyDevice_0123456789', key);
    kept.advance(31 * DAY);
    expect(await kept.service.purge()).toBeGreaterThan(0);
    expect(await kept.service.listDeviceKeys('cy')).toEqual([]);
  });

  it('binds only with a recorded success: not for a failed sign-in, nor once the account objected', async () => {
    const { service, assess, signIn } = await setup();
    const key = await createTestDeviceKey();
    await service.record(await assess('gus', 'gusDevice_0123456789', key), 'failure');
    expect(await service.listDeviceKeys('gus')).toEqual([]);
    const first = await signIn('gus', 'gusDevice_0123456789', key);
    expect((await service.listDeviceKeys('gus')).map((k) => k.keyId)).toEqual([key.keyId]);
    await service.object(first.rightsToken);
    // Objecting stops processing: the next proven sign-in stores no login, so it binds no key either.
    const objected = await signIn('gus', 'gusDevice_0123456789', key);
    expect(objected.loginId).toBeUndefined();
    expect(await service.listDeviceKeys('gus')).toEqual([]);
  });

  it('revoking a key forgets the device; another account never gets credit for it', async () => {
    const { service, assess, signIn } = await setup();
    const key = await createTestDeviceKey();
    await signIn('dee', 'deeDevice_0123456789', key);
    expect((await assess('eve', 'deeDevice_0123456789', key)).assessment.decision).toBe('challenge');
    expect((await assess('dee', 'deeDevice_0123456789', key)).assessment.decision).toBe('allow');
    expect(await service.revokeDeviceKey('dee', key.keyId)).toBe(true);
    expect(await service.revokeDeviceKey('dee', key.keyId)).toBe(false);
    expect((await assess('dee', 'deeDevice_0123456789', key)).assessment.decision).toBe('challenge');
  });

  it('rights access lists the device\'s keys, "this wasn\'t me" unbinds the key of that login, erase removes them', async () => {
    const { service, assess, signIn } = await setup();
    const own = await createTestDeviceKey();
    const first = await signIn('fay', 'fayDevice_0123456789', own);
    const exported = await service.access(first.rightsToken);
    expect(exported.deviceKeys).toEqual([expect.objectContaining({ keyId: own.keyId, deviceId: 'fayDevice_0123456789' })]);
    const second = await signIn('fay', 'fayDevice_0123456789', own);
    await service.rectify(second.rightsToken, second.loginId!);
    expect(await service.listDeviceKeys('fay')).toEqual([]);
    expect((await assess('fay', 'fayDevice_0123456789', own)).assessment.decision).toBe('challenge');

    const third = await signIn('fay', 'fayDevice_0123456789', own);
    expect(await service.listDeviceKeys('fay')).toHaveLength(1);
    const erased = await service.erase(third.rightsToken);
    expect(erased.remainingRows).toBe(0);
    expect(await service.listDeviceKeys('fay')).toEqual([]);
  });
});
