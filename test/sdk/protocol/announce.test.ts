import { describe, expect, it } from 'vitest';
import { parseAnnouncement, verifyAnnouncementSignature, type Announcement } from '../../../sdk/protocol/announce';
import type { SignalReport } from '../../../sdk/protocol/report';
import { generateSiteKeys } from '../../../sdk/server/keys';
import { createSigner, signReceipt as signRc1 } from '../../../sdk/server/rights';

const announcement = parseAnnouncement(
  JSON.stringify({
    v: 1,
    site: 'shop.example',
    origin: 'https://shop.example',
    signals: [
      { id: 'screen', category: 'device' },
      { id: 'visitor-id', category: 'fingerprint' },
    ],
    receiptId: 'rcpt-0001-abcd',
    receiptTime: '2026-03-01T10:00:00.000Z',
    consent: 'granted',
    collectedAt: '2026-03-01T10:00:02.000Z',
    sdkVersion: '0.1.0',
  }),
);

describe('verifyAnnouncementSignature', () => {
  it("accepts the server handler's rc1 signed receipt when its claims match the announcement", async () => {
    const keys = await generateSiteKeys();
    const report = {
      site: 'shop.example',
      origin: 'https://shop.example',
      receipt: { receiptId: 'rcpt-0001-abcd' },
      signals: { 'visitor-id': {}, screen: {} },
    } as unknown as SignalReport;
    const rc1 = await signRc1(await createSigner(keys), report, Date.now());
    const signed: Announcement = { ...announcement, receiptSignature: rc1 };
    expect(await verifyAnnouncementSignature(signed, keys.signingPublicKey)).toBe(true);
    expect(await verifyAnnouncementSignature({ ...signed, origin: 'https://evil.test' }, keys.signingPublicKey)).toBe(false);
    expect(await verifyAnnouncementSignature({ ...signed, receiptId: 'rcpt-0002-abcd' }, keys.signingPublicKey)).toBe(false);
    expect(await verifyAnnouncementSignature({ ...signed, signals: [{ id: 'screen', category: 'device' }] }, keys.signingPublicKey)).toBe(false);
    expect(await verifyAnnouncementSignature(signed, (await generateSiteKeys()).signingPublicKey)).toBe(false);
    expect(await verifyAnnouncementSignature(announcement, keys.signingPublicKey)).toBe(false); // unsigned
    expect(await verifyAnnouncementSignature({ ...announcement, receiptSignature: 'not-a-receipt' }, keys.signingPublicKey)).toBe(false);
  });
});
