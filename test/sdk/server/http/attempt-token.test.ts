// Attempt tokens are MAC'd (HMAC-SHA-256 under a key derived from the site's signing key), since
// only the site's own servers check them: what one instance issues every instance sharing the
// keys opens; anything altered, MAC'd by other keys, made for another token kind, expired or too
// long is a 400 attempt_token_invalid; ES256-signed tokens of earlier versions still open; and a
// MAC'd token never passes where a signature is required (rights tokens, receipts).
import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_TOKEN_TTL_MS,
  issueAttemptToken,
  MAX_ATTEMPT_TOKEN_LENGTH,
  openAttemptToken,
  SPENT_ID_GRACE_MS,
} from '../../../../sdk/server/http/attempt-token';
import { checkRightsToken, createSigner } from '../../../../sdk/server/rights';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';

const AT = 1_700_000_000_000;
const claims = (over: Record<string, unknown> = {}) => ({
  v: 1,
  jti: 'attempt-0001',
  exp: AT + ATTEMPT_TOKEN_TTL_MS,
  attempt: { userId: 'alice', ip: '203.0.113.7', userAgent: 'Mozilla/5.0', time: AT, deviceId: 'device-1' },
  collected: { site: 'example.com', origin: 'https://example.com', receiptId: 'rcpt-1', signals: ['device-id'], at: AT },
  ...over,
});
const invalid = { code: 'attempt_token_invalid', status: 400 };

describe('attempt tokens', () => {
  it('open on every instance sharing the keys, with a 32-byte MAC instead of a 64-byte signature', async () => {
    const keys = await generateSiteKeys();
    const token = await (await createSigner(keys)).mac('at1', claims());
    expect(Buffer.from(token.split('.')[2]!, 'base64url')).toHaveLength(32);
    const opened = await openAttemptToken(await createSigner(structuredClone(keys)), token, AT + 1000);
    expect(opened).toEqual({
      attempt: claims().attempt,
      collected: claims().collected,
      nonce: 'at:attempt-0001',
      // The spent id outlives the token by the grace a lagging clock needs.
      expiresAt: AT + ATTEMPT_TOKEN_TTL_MS + SPENT_ID_GRACE_MS,
      registered: false,
    });
  });

  it("carry assess's device class to record, and only the classes there are", async () => {
    const signer = await createSigner(await generateSiteKeys());
    const attempt = claims().attempt;
    for (const event of ['new', 'cleared', 'drift', 'none'] as const) {
      const opened = await openAttemptToken(signer, await issueAttemptToken(signer, attempt, undefined, AT, event), AT + 1000);
      expect(opened.deviceEvent).toBe(event);
    }
    expect(await openAttemptToken(signer, await issueAttemptToken(signer, attempt, undefined, AT), AT + 1000)).not.toHaveProperty('deviceEvent');
    await expect(openAttemptToken(signer, await signer.mac('at1', claims({ event: 'known' })), AT + 1000)).rejects.toMatchObject(invalid);
  });

  it('attack: a client editing the device class (or dropping it) under the MAC is refused', async () => {
    const signer = await createSigner(await generateSiteKeys());
    const token = await issueAttemptToken(signer, claims().attempt, undefined, AT, 'new');
    const [prefix, body, tag] = token.split('.') as [string, string, string];
    const issued = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(issued.event).toBe('new');
    const { event: _dropped, ...withoutEvent } = issued;
    for (const edited of [{ ...issued, event: 'none' }, { ...issued, event: 'drift' }, withoutEvent]) {
      const forged = `${prefix}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${tag}`;
      await expect(openAttemptToken(signer, forged, AT + 1000)).rejects.toMatchObject(invalid);
    }
    expect((await openAttemptToken(signer, token, AT + 1000)).deviceEvent).toBe('new');
  });

  it('refuse altered, foreign, other-kind, expired and over-long tokens', async () => {
    const signer = await createSigner(await generateSiteKeys());
    const token = await signer.mac('at1', claims());
    const [prefix, body, tag] = token.split('.') as [string, string, string];
    const altered = Buffer.from(JSON.stringify({ ...claims(), attempt: { ...claims().attempt, userId: 'mallory' } })).toString('base64url');
    const flipped = Buffer.from(tag, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b));
    const foreign = await (await createSigner(await generateSiteKeys())).mac('at1', claims());
    const otherKind = (await signer.mac('rt1', claims())).replace(/^rt1\./, 'at1.');
    const cases: unknown[] = [
      `${prefix}.${altered}.${tag}`,
      `${prefix}.${body}.${Buffer.from(flipped).toString('base64url')}`,
      `${prefix}.${body}.${tag.slice(0, -4)}`,
      foreign,
      otherKind,
      `${token}.extra`,
      `at1.${'A'.repeat(MAX_ATTEMPT_TOKEN_LENGTH)}.${tag}`,
      42,
      undefined,
    ];
    for (const bad of cases) await expect(openAttemptToken(signer, bad, AT + 1000)).rejects.toMatchObject(invalid);
    await expect(openAttemptToken(signer, token, AT + ATTEMPT_TOKEN_TTL_MS)).rejects.toMatchObject(invalid);
  });

  it('still open when ES256-signed by an earlier version, and a MAC never passes for a signature', async () => {
    const keys = await generateSiteKeys();
    const signer = await createSigner(keys);
    const signed = await signer.sign('at1', claims());
    expect(await openAttemptToken(signer, signed, AT + 1000)).toMatchObject({ nonce: 'at:attempt-0001', registered: true });
    const foreignSigned = await (await createSigner(await generateSiteKeys())).sign('at1', claims());
    await expect(openAttemptToken(signer, foreignSigned, AT + 1000)).rejects.toMatchObject(invalid);

    // What the extension or a rights request checks must be signed: a MAC'd token is not.
    expect(await signer.verify('at1', await signer.mac('at1', claims()))).toBeUndefined();
    const rightsClaims = { v: 1, site: 'example.com', sub: await signer.sealUserId('alice'), dev: 'device-1', jti: 'rights-0001', iat: AT, exp: AT + 60_000 };
    const store = createMemoryStore();
    await store.issueNonce('rt:rights-0001', AT + 60_000);
    await expect(
      checkRightsToken(signer, store, await signer.mac('rt1', rightsClaims), { site: 'example.com', now: AT, consume: false }),
    ).rejects.toMatchObject({
      code: 'rights_token_invalid',
    });
    expect((await checkRightsToken(signer, store, await signer.sign('rt1', rightsClaims), { site: 'example.com', now: AT, consume: false })).subject).toEqual({
      userId: 'alice',
      deviceId: 'device-1',
    });
  });
});
