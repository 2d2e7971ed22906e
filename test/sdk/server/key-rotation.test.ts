// Key rotation: while `previousKeys` lists the old set, a report sealed to either key id opens and a
// nonce either key minted is accepted once; a third key is still `seal_wrong_key`, and without
// `previousKeys` the old key is refused. Only the new key is published.
import { beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../sdk/protocol/seal';
import { createTwofoldService, type TwofoldService } from '../../../sdk/server/http/service';
import { generateSiteKeys, issueNonce, type SiteKeys } from '../../../sdk/server/seal';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { sampleReport } from './helpers/report';

let oldKeys: SiteKeys;
let newKeys: SiteKeys;
let strangerKeys: SiteKeys;

beforeAll(async () => {
  [oldKeys, newKeys, strangerKeys] = await Promise.all([generateSiteKeys(), generateSiteKeys(), generateSiteKeys()]);
});

const service = (previousKeys?: SiteKeys[]): TwofoldService =>
  createTwofoldService({ site: 'example.com', store: createMemoryStore(), keys: newKeys, ...(previousKeys ? { previousKeys } : {}) });

async function seal(publicKey: string, nonce: string): Promise<string> {
  return sealReport(sampleReport(), { publicKey, nonce, site: 'example.com', origin: 'https://example.com' });
}

async function assessCode(svc: TwofoldService, sealed: string): Promise<string> {
  return svc.assess({ userId: 'alice', sealed, ip: '203.0.113.9', userAgent: 'test' }).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'thrown',
  );
}

describe('key rotation with previousKeys', () => {
  it('opens a report sealed to the old key with a nonce from the new one, once', async () => {
    const svc = service([oldKeys]);
    const sealed = await seal(oldKeys.publicKey, (await svc.issueNonce()).nonce);
    expect(await assessCode(svc, sealed)).toBe('ok');
    expect(await assessCode(svc, sealed)).toBe('seal_replayed');
  });

  it('accepts a nonce the old key minted (an instance not yet rotated) and reports sealed to the new key', async () => {
    const svc = service([oldKeys]);
    const { nonce } = await issueNonce(oldKeys, Date.now());
    expect(await assessCode(svc, await seal(newKeys.publicKey, nonce))).toBe('ok');
    expect(await assessCode(svc, await seal(newKeys.publicKey, (await svc.issueNonce()).nonce))).toBe('ok');
  });

  it('refuses a key it does not hold, a nonce no held key minted, and the old key once it is dropped', async () => {
    const svc = service([oldKeys]);
    expect(await assessCode(svc, await seal(strangerKeys.publicKey, (await svc.issueNonce()).nonce))).toBe('seal_wrong_key');
    const { nonce: strangerNonce } = await issueNonce(strangerKeys, Date.now());
    expect(await assessCode(svc, await seal(oldKeys.publicKey, strangerNonce))).toBe('seal_replayed');
    const rotated = service();
    expect(await assessCode(rotated, await seal(oldKeys.publicKey, (await rotated.issueNonce()).nonce))).toBe('seal_wrong_key');
  });

  it('publishes only the new key and refuses a malformed previousKeys at creation', () => {
    expect(service([oldKeys]).wellKnown('http://127.0.0.1:3000').sealing).toMatchObject({ kid: newKeys.kid, publicKey: newKeys.publicKey });
    expect(() => service([{ publicKey: 'x' } as unknown as SiteKeys])).toThrow(/previousKeys/);
  });
});
