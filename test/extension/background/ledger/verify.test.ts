// Verification of announcements against the sender origin's own /.well-known/twofold.json, with
// real Twofold sites on 127.0.0.1: a good signature, a wrong key, a site-name mismatch, a receipt
// copied to another origin, an unreachable or invalid well-known, and transport rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAnnouncement, wellKnownUrl, isTrustedTransport } from '../../../../extension/background/ledger/verify';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { nodeFetch, startTwofoldSite, startWellKnownServer, type TwofoldSite } from './site-twin';

let shop: TwofoldSite;
const NOW = 1_700_000_000_000;

beforeAll(async () => {
  shop = await startTwofoldSite('shop.example');
});
afterAll(async () => {
  await shop.close();
});

describe('verifyAnnouncement', () => {
  it('verifies a receipt signed with the published key, for this site and origin, with the signed signal ids', async () => {
    const { announcement } = await shop.login('ann', 'device-ann');
    const out = await verifyAnnouncement(announcement, shop.base, nodeFetch, NOW);
    expect(out.verification).toMatchObject({
      verified: true,
      reason: 'verified',
      publishedSite: 'shop.example',
      rightsEndpoint: `${shop.base}/twofold/rights`,
      checkedAt: NOW,
    });
    expect(out.verification.processors).toEqual([{ name: 'Hosted2FA Ltd', purpose: 'two-factor authentication' }]);
    expect(out.signedSignals).toEqual(['automation', 'device-id', 'languages', 'time-zone', 'user-agent', 'visitor-id']);
  });

  it('refuses a receipt when the published key is another one', async () => {
    const other = await generateSiteKeys();
    const real = await (await fetch(`${shop.base}/.well-known/twofold.json`)).json();
    const impostor = await startWellKnownServer({ ...real, receiptSigningKey: other.signingPublicKey });
    try {
      const { announcement } = await shop.login('bo', 'device-bo', impostor.base);
      const out = await verifyAnnouncement(announcement, impostor.base, nodeFetch, NOW);
      expect(out.verification).toMatchObject({ verified: false, reason: 'bad-signature' });
      expect(out.signedSignals).toBeUndefined();
    } finally {
      await impostor.close();
    }
  });

  it('refuses when the origin publishes another site name than the one announced', async () => {
    const { announcement } = await shop.login('cy', 'device-cy');
    const out = await verifyAnnouncement({ ...announcement, site: 'bank.example' }, shop.base, nodeFetch, NOW);
    expect(out.verification).toMatchObject({ verified: false, reason: 'site-mismatch', publishedSite: 'shop.example' });
  });

  it('refuses a genuine receipt replayed from another origin that proxies the real well-known', async () => {
    const { announcement } = await shop.login('di', 'device-di');
    const real = await (await fetch(`${shop.base}/.well-known/twofold.json`)).json();
    const forger = await startWellKnownServer(real);
    try {
      const out = await verifyAnnouncement(announcement, forger.base, nodeFetch, NOW);
      expect(out.verification).toMatchObject({ verified: false, reason: 'origin-mismatch' });
      const claimed = await verifyAnnouncement({ ...announcement, origin: forger.base }, forger.base, nodeFetch, NOW);
      expect(claimed.verification.verified).toBe(false);
    } finally {
      await forger.close();
    }
  });

  it('leaves the entry unverified when the well-known is unreachable, missing or invalid, or no signature came', async () => {
    const { announcement } = await shop.login('ed', 'device-ed');
    const gone = await startWellKnownServer(null);
    const invalid = await startWellKnownServer({ version: 1, site: 'shop.example' });
    const closed = await startWellKnownServer(null);
    await closed.close();
    try {
      expect((await verifyAnnouncement(announcement, gone.base, nodeFetch, NOW)).verification.reason).toBe('well-known-unreachable');
      expect((await verifyAnnouncement(announcement, closed.base, nodeFetch, NOW)).verification.reason).toBe('well-known-unreachable');
      expect((await verifyAnnouncement(announcement, invalid.base, nodeFetch, NOW)).verification.reason).toBe('well-known-invalid');
      const { receiptSignature: _s, ...unsigned } = announcement;
      expect((await verifyAnnouncement(unsigned, shop.base, nodeFetch, NOW)).verification.reason).toBe('no-signature');
    } finally {
      await Promise.all([gone.close(), invalid.close()]);
    }
  });

  it('fetches keys only over https (http on loopback for local testing)', async () => {
    expect(wellKnownUrl('https://shop.example')).toBe('https://shop.example/.well-known/twofold.json');
    expect(wellKnownUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/.well-known/twofold.json');
    expect(wellKnownUrl('http://localhost:3000')).toBe('http://localhost:3000/.well-known/twofold.json');
    expect(wellKnownUrl('http://shop.example')).toBeNull();
    expect(isTrustedTransport('http://127.0.0.1.evil.test/x')).toBe(false);
    const { announcement } = await shop.login('fi', 'device-fi');
    let fetched = 0;
    const out = await verifyAnnouncement(
      announcement,
      'http://shop.example',
      async (url, init) => {
        fetched++;
        return nodeFetch(url, init);
      },
      NOW,
    );
    expect(out.verification.reason).toBe('insecure-origin');
    expect(fetched).toBe(0);
  });
});
