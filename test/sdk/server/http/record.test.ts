// record.ts: the only place rights tokens are handed out — on a recorded success, for a device the
// SDK identified, when nobody objected; never on failure, never at assess.
import { describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTableGeo } from '../../../../sdk/server/geo';
import { createTwofoldService } from '../../../../sdk/server/http';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { sampleReport } from '../helpers/report';

async function service() {
  const keys = await generateSiteKeys();
  const store = createMemoryStore();
  const svc = createTwofoldService({ site: 'example.com', store, keys, geo: createTableGeo({}), attemptTokens: true });
  const assess = async (userId: string, deviceId?: string) => {
    const { nonce } = await svc.issueNonce();
    const report = sampleReport(deviceId ? { deviceId } : {});
    if (!deviceId) delete report.signals['device-id'];
    const sealed = await sealReport(report, { publicKey: keys.publicKey, nonce, site: 'example.com', origin: 'https://example.com' });
    return svc.assess({ userId, sealed, ip: '192.0.2.1', userAgent: 'Mozilla/5.0' });
  };
  return { svc, store, assess };
}

describe('record', () => {
  it('assess never returns a token; success does, with the receipt; failure does not', async () => {
    const { svc, assess } = await service();
    const assessed = await assess('ann', 'annDevice-0001');
    expect(Object.keys(assessed)).not.toContain('rightsToken');
    expect(assessed.collected).toMatchObject({ site: 'example.com', origin: 'https://example.com' });
    const failed = await svc.record(assessed.attempt, 'failure', assessed.collected);
    expect(failed).toEqual({ loginId: expect.any(String) });
    const success = await svc.record(assessed.attempt, 'success', assessed.collected);
    expect(success).toEqual({ loginId: expect.any(String), rightsToken: expect.stringMatching(/^rt1\./), receipt: expect.stringMatching(/^rc1\./) });
    // Passing assess's whole answer is the same.
    expect(await svc.record(await assess('ann', 'annDevice-0001'), 'success')).toMatchObject({
      rightsToken: expect.stringMatching(/^rt1\./),
      receipt: expect.stringMatching(/^rc1\./),
    });
    // Over the attempt token too (the HTTP path).
    const again = await assess('ann', 'annDevice-0001');
    expect(await svc.recordByToken(again.attemptToken, 'success')).toMatchObject({
      rightsToken: expect.stringMatching(/^rt1\./),
      receipt: expect.stringMatching(/^rc1\./),
    });
  });

  it('no device id, no token; an objection, nothing stored and no token', async () => {
    const { svc, store, assess } = await service();
    const noDevice = await assess('ben');
    expect(await svc.record(noDevice.attempt, 'success', noDevice.collected)).toEqual({ loginId: expect.any(String) });
    const first = await assess('cid', 'cidDevice-0001');
    const { rightsToken } = await svc.record(first.attempt, 'success', first.collected);
    await svc.object(rightsToken);
    const later = await assess('cid', 'cidDevice-0001');
    expect(await svc.record(later.attempt, 'success', later.collected)).toEqual({});
    expect(await store.countRows({ userId: 'cid', deviceId: 'cidDevice-0001' })).toBe(0);
    // The same account on another device was not part of the objection.
    const elsewhere = await assess('cid', 'cidDevice-0002');
    expect((await svc.record(elsewhere.attempt, 'success', elsewhere.collected)).rightsToken).toMatch(/^rt1\./);
  });
});
