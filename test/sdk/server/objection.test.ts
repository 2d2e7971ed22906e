// Every objection check in one place: the account, the device, or the account on that device.
import { describe, expect, it } from 'vitest';
import { isObjecting } from '../../../sdk/server/objection';
import { createMemoryStore } from '../../../sdk/server/store/memory';

describe('isObjecting', () => {
  it('applies an objection by account, by device, and by account on device, and nothing wider', async () => {
    const store = createMemoryStore();
    expect(await isObjecting(store, { userId: 'ann', deviceId: 'dev-0001' })).toBe(false);
    await store.objectSubject({ userId: 'ann', deviceId: 'dev-0001' }, 1);
    expect(await isObjecting(store, { userId: 'ann', deviceId: 'dev-0001' })).toBe(true);
    expect(await isObjecting(store, { userId: 'ann', deviceId: 'dev-0002' })).toBe(false);
    expect(await isObjecting(store, { userId: 'ben', deviceId: 'dev-0001' })).toBe(false);
    expect(await isObjecting(store, { userId: 'ann' })).toBe(false);
    await store.objectSubject({ deviceId: 'dev-0009' }, 1);
    expect(await isObjecting(store, { userId: 'cid', deviceId: 'dev-0009' })).toBe(true);
    await store.objectSubject({ userId: 'dan' }, 1);
    expect(await isObjecting(store, { userId: 'dan' })).toBe(true);
    expect(await isObjecting(store, { userId: 'dan', deviceId: 'dev-0003' })).toBe(true);
  });
});
