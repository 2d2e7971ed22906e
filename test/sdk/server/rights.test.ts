// The one module that issues rights tokens: bound to (user, device) with the user id sealed in
// `sub`, registered as single-use, and handed out with a receipt whose `rth` covers the token.
import { describe, expect, it } from 'vitest';
import { rightsTokenHash, verifySignedReceipt } from '../../../sdk/protocol/rights';
import {
  checkRightsToken,
  createSigner,
  issueRightsGrant,
  MAX_RIGHTS_USER_ID_BYTES,
  prepareRightsClaims,
  rightsTokenNonce,
  signReceipt,
  signRightsGrant,
  type CollectedReceipt,
} from '../../../sdk/server/rights';
import { generateSiteKeys } from '../../../sdk/server/seal';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { sampleReport } from './helpers/report';

const collected: CollectedReceipt = {
  site: 'example.com',
  origin: 'https://example.com',
  receiptId: 'rcpt-0001',
  signals: ['device-id', 'languages'],
  at: 1_700_000_000_000,
};
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('rights tokens', () => {
  it('bind one account on one device: the account sealed (opaque to the holder), the device in clear', async () => {
    const keys = await generateSiteKeys();
    const signer = await createSigner(keys);
    const store = createMemoryStore();
    const grant = await issueRightsGrant(signer, store, {
      site: 'example.com',
      userId: 'alice@example.com',
      deviceId: 'device-0001',
      collected,
      now: 1000,
      ttlMs: 5000,
    });
    const claims = claimsOf(grant!.rightsToken);
    expect(claims).toMatchObject({ v: 1, site: 'example.com', dev: 'device-0001', iat: 1000, exp: 6000 });
    expect(grant!.rightsToken).not.toContain(Buffer.from('alice').toString('base64url').slice(0, 6));
    expect(JSON.stringify(claims)).not.toContain('alice');
    const checked = await checkRightsToken(signer, store, grant!.rightsToken, { site: 'example.com', now: 2000, consume: false });
    expect(checked.subject).toEqual({ userId: 'alice@example.com', deviceId: 'device-0001' });
    // Two tokens of one account do not share a `sub` (random IV), so tokens do not link accounts.
    const second = await issueRightsGrant(signer, store, { site: 'example.com', userId: 'alice@example.com', deviceId: 'device-0001', now: 1000, ttlMs: 5000 });
    expect(claimsOf(second!.rightsToken)['sub']).not.toBe(claims['sub']);
  });

  it('hands out the receipt whose signature covers the token (rth)', async () => {
    const keys = await generateSiteKeys();
    const signer = await createSigner(keys);
    const grant = await issueRightsGrant(signer, createMemoryStore(), {
      site: 'example.com',
      userId: 'bob',
      deviceId: 'device-0002',
      collected,
      now: 1000,
      ttlMs: 5000,
    });
    const receipt = await verifySignedReceipt(grant!.receipt, keys.signingPublicKey);
    expect(receipt).toMatchObject({
      site: 'example.com',
      origin: 'https://example.com',
      receiptId: 'rcpt-0001',
      signals: ['device-id', 'languages'],
      iat: collected.at,
    });
    expect(receipt?.rth).toBe(await rightsTokenHash(grant!.rightsToken));
    // Without a collection there is no receipt to sign; a receipt without a token has no rth.
    expect(
      (await issueRightsGrant(signer, createMemoryStore(), { site: 'example.com', userId: 'bob', deviceId: 'device-0002', now: 1, ttlMs: 5 }))?.receipt,
    ).toBeUndefined();
    expect((await verifySignedReceipt(await signReceipt(signer, sampleReport(), 5), keys.signingPublicKey))?.rth).toBeUndefined();
  });

  it('refuses a sub sealed with other keys, a token without one, and ids it cannot carry', async () => {
    const keys = await generateSiteKeys();
    const signer = await createSigner(keys);
    const other = await createSigner(await generateSiteKeys());
    const store = createMemoryStore();
    const grant = await issueRightsGrant(signer, store, { site: 'example.com', userId: 'carol', deviceId: 'device-0003', now: 1000, ttlMs: 5000 });
    const claims = claimsOf(grant!.rightsToken);
    for (const forged of [
      { ...claims, sub: await other.sealUserId('carol') },
      { ...claims, sub: 'A'.repeat(43) },
      Object.fromEntries(Object.entries(claims).filter(([key]) => key !== 'sub')),
    ]) {
      await expect(checkRightsToken(signer, store, await signer.sign('rt1', forged), { site: 'example.com', now: 2000, consume: false })).rejects.toMatchObject(
        { code: 'rights_token_invalid' },
      );
    }
    const long = 'é'.repeat(MAX_RIGHTS_USER_ID_BYTES / 2 + 1);
    expect(await issueRightsGrant(signer, store, { site: 'example.com', userId: long, deviceId: 'device-0003', now: 1, ttlMs: 5 })).toBeUndefined();
    expect(await issueRightsGrant(signer, store, { site: 'example.com', userId: 'carol', deviceId: 'd'.repeat(201), now: 1, ttlMs: 5 })).toBeUndefined();
    const longest = await issueRightsGrant(signer, store, {
      site: 'example.com',
      userId: 'u'.repeat(MAX_RIGHTS_USER_ID_BYTES),
      deviceId: 'd'.repeat(200),
      collected,
      now: 1,
      ttlMs: 5,
    });
    expect(longest!.rightsToken.length).toBeLessThanOrEqual(4096);
    expect((await checkRightsToken(signer, store, longest!.rightsToken, { site: 'example.com', now: 2, consume: false })).subject.userId).toHaveLength(
      MAX_RIGHTS_USER_ID_BYTES,
    );
  });

  it('prepared before the write (as record does), acts only once its id is registered, then as an issued one', async () => {
    const keys = await generateSiteKeys();
    const signer = await createSigner(keys);
    const store = createMemoryStore();
    const request = { site: 'example.com', userId: 'dora', deviceId: 'device-0004', now: 1000, ttlMs: 5000 };
    const claims = await prepareRightsClaims(signer, request);
    expect(claims).toMatchObject({ v: 1, site: 'example.com', dev: 'device-0004', iat: 1000, exp: 6000 });
    const grant = await signRightsGrant(signer, claims!, collected);
    expect(claimsOf(grant.rightsToken)).toEqual(claims);
    expect((await verifySignedReceipt(grant.receipt, keys.signingPublicKey))?.rth).toBe(await rightsTokenHash(grant.rightsToken));
    // Not registered (the login's write never happened): the token reaches nothing.
    const check = () => checkRightsToken(signer, store, grant.rightsToken, { site: 'example.com', now: 2000, consume: false });
    await expect(check()).rejects.toMatchObject({ code: 'rights_token_used' });
    await store.issueNonce(rightsTokenNonce(claims!), claims!.exp);
    expect((await check()).subject).toEqual({ userId: 'dora', deviceId: 'device-0004' });
    expect(await prepareRightsClaims(signer, { ...request, deviceId: '' })).toBeUndefined();
    expect(await prepareRightsClaims(signer, { ...request, userId: 'u'.repeat(MAX_RIGHTS_USER_ID_BYTES + 1) })).toBeUndefined();
  });
});
