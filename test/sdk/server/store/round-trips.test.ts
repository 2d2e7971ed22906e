// PostgreSQL round trips per sign-in, counted on pg's Client.query (every statement, BEGIN and
// COMMIT included), as `twofold serve` runs the store (deferred global aggregates): the numbers
// bench/README.md reports, held so a change that adds a round trip to the hot path fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldService, type TwofoldService } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createPostgresStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { createTestDeviceKey, type TestDeviceKey } from '../helpers/device-key';
import { postgresUrl, urlWithSchema } from '../helpers/pg';
import { sampleReport } from '../helpers/report';
import { statementsOf } from './pg-statements';

const url = postgresUrl();

describe.skipIf(!url)('PostgreSQL round trips per sign-in (deferred aggregates, as twofold serve)', () => {
  let store: Store;
  let keys: SiteKeys;
  let service: TwofoldService;
  beforeAll(async () => {
    store = await createPostgresStore(await urlWithSchema(url ?? '', 'twofold_round_trips'), { foldIntervalMs: 60_000 });
    keys = await generateSiteKeys();
    service = createTwofoldService({ site: 'example.com', store, keys, attemptTokens: true });
  });
  afterAll(async () => {
    await store.close();
  });

  /** An assess, its report signed by `deviceKey` when given (a device proof, as the SDK sends one after consent). */
  const signIn = async (userId: string, deviceId: string, deviceKey?: TestDeviceKey) => {
    const { nonce } = await service.issueNonce();
    const sealed = await sealReport(sampleReport({ deviceId }), {
      publicKey: keys.publicKey,
      nonce,
      site: 'example.com',
      origin: 'https://example.com',
      ...(deviceKey ? { prove: deviceKey.prove } : {}),
    });
    return statementsOf(() => service.assess({ userId, sealed, ip: '192.0.2.1', userAgent: 'x' }));
  };

  it('counts assess, record (success, proven success and failure) and rights access', async () => {
    // Warm: the first use of each statement shape also prepares it (no extra round trip with pg, but keep it out).
    const warm = await signIn('warm', 'device-warm-0001');
    await service.recordByToken(warm.result.attemptToken, 'success');
    const assess = await signIn('ann', 'device-ann-00001');
    const success = await statementsOf(() => service.recordByToken(assess.result.attemptToken, 'success'));
    const again = await signIn('ann', 'device-ann-00001');
    const failure = await statementsOf(() => service.recordByToken(again.result.attemptToken, 'failure'));
    const access = await statementsOf(() => service.access(success.result.rightsToken));
    // A proven success (signed by a device key): the key is bound in the login's own statement, first bind and refresh alike.
    const deviceKey = await createTestDeviceKey();
    const provenWarm = await signIn('warm', 'device-warm-0001', deviceKey);
    await service.recordByToken(provenWarm.result.attemptToken, 'success');
    const bindFirst = await signIn('bea', 'device-bea-00001', deviceKey);
    const proven = await statementsOf(() => service.recordByToken(bindFirst.result.attemptToken, 'success'));
    const refreshAttempt = await signIn('bea', 'device-bea-00001', deviceKey);
    const refresh = await statementsOf(() => service.recordByToken(refreshAttempt.result.attemptToken, 'success'));
    const bound = await store.readDeviceKey('bea', deviceKey.keyId);
    expect(bound).toMatchObject({ userId: 'bea', keyId: deviceKey.keyId, deviceId: 'device-bea-00001' });
    expect(bound?.lastUsedAt).toBeGreaterThanOrEqual(bound?.boundAt ?? Number.POSITIVE_INFINITY);
    const counts = {
      assess: assess.statements,
      success: success.statements,
      provenSuccess: proven.statements,
      provenRefresh: refresh.statements,
      failure: failure.statements,
      access: access.statements,
    };
    console.log('PostgreSQL statements per step:', JSON.stringify(counts));
    expect(success.result.loginId).toEqual(expect.any(String));
    expect(access.result.logins.map((l) => l.id)).toContain(success.result.loginId);
    expect(counts).toEqual({ assess: 3, success: 1, provenSuccess: 1, provenRefresh: 1, failure: 1, access: 5 });
  });
});
