// A write that fails half-way (a crash, a dropped database connection) must not spend a single-use
// token without doing its work: the site's /record retry and the visitor's erase retry succeed, and
// each is still done exactly once. Runs on SQLite and, when DATABASE_URL names one, PostgreSQL.
// These faults end the store call before it writes; faults inside the record transaction (after
// the login row, before COMMIT) and right after COMMIT are in test/sdk/server/store/exactly-once.test.ts.
import { describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldService } from '../../../../sdk/server/http';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import type { Store } from '../../../../sdk/server/store/types';
import { storeBackends } from '../helpers/backends';
import { sampleReport } from '../helpers/report';

const backends = storeBackends('twofold_crash_retry', { memory: true });

/** `store` with `method` failing once, the way a crash or a lost connection would end that call. */
function failingOnce<K extends 'recordLogin' | 'eraseSubject'>(store: Store, method: K): Store {
  let failed = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      // The engine records through recordLoginUnlessObjected when the store has it (the objection check in the same write).
      const failing = method === 'recordLogin' ? property === 'recordLogin' || property === 'recordLoginUnlessObjected' : property === method;
      if (!failing || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (failed) return (value as (...a: unknown[]) => unknown).apply(target, args);
        failed = true;
        return Promise.reject(new Error(`connection lost during ${method}`));
      };
    },
  });
}

describe.each(backends)('a write that fails half-way, on %s', (_name, open) => {
  async function assessed(store: Store, deviceId: string) {
    const keys = await generateSiteKeys();
    const service = createTwofoldService({ site: 'example.com', store, keys, attemptTokens: true });
    const { nonce } = await service.issueNonce();
    const sealed = await sealReport(sampleReport({ deviceId }), { publicKey: keys.publicKey, nonce, site: 'example.com', origin: 'https://example.com' });
    return { service, outcome: await service.assess({ userId: `user-${deviceId}`, sealed, ip: '192.0.2.1', userAgent: 'x' }) };
  }

  it('leaves the attempt token usable: the retry records the login once', async () => {
    const real = await open();
    const { service, outcome } = await assessed(failingOnce(real, 'recordLogin'), 'device-retry-record');
    await expect(service.recordByToken(outcome.attemptToken, 'success')).rejects.toThrow(/connection lost/);
    await expect(service.recordByToken(outcome.attemptToken, 'success')).resolves.toMatchObject({
      loginId: expect.any(String),
      rightsToken: expect.any(String),
    });
    await expect(service.recordByToken(outcome.attemptToken, 'success')).rejects.toMatchObject({ code: 'attempt_token_used' });
    expect((await real.exportSubject({ deviceId: 'device-retry-record' })).logins).toHaveLength(1);
    await real.close();
  });

  it('leaves the rights token usable: the retried erase erases', async () => {
    const real = await open();
    const { service, outcome } = await assessed(failingOnce(real, 'eraseSubject'), 'device-retry-erase');
    const { rightsToken } = await service.recordByToken(outcome.attemptToken, 'success');
    expect(await real.countRows({ deviceId: 'device-retry-erase' })).toBe(2);
    await expect(service.erase(rightsToken)).rejects.toThrow(/connection lost/);
    expect(await service.erase(rightsToken)).toMatchObject({ erased: 2, remainingRows: 0 });
    await expect(service.erase(rightsToken)).rejects.toMatchObject({ code: 'rights_token_used' });
    await real.close();
  });
});
