// How announcements change an entry (pure): verification reuse, signed signal ids, the rights
// token (taken only under the site's signature), first/last seen, and a pending
// withdrawal surviving a stale "granted" announcement.
import { describe, expect, it } from 'vitest';
import { applyAnnouncement, needsVerification, tokenVerdict } from '../../../../extension/background/ledger';
import { REVERIFY_AFTER_MS } from '../../../../extension/background/ledger/entry';
import type { Announcement } from '../../../../sdk/protocol/announce';

const ORIGIN = 'https://shop.example';
const base: Announcement = {
  v: 1,
  site: 'shop.example',
  origin: ORIGIN,
  signals: [
    { id: 'device-id', category: 'device' },
    { id: 'languages', category: 'locale' },
  ],
  receiptId: 'rcpt-aaaaaaaa',
  receiptTime: '2026-01-01T00:00:00.000Z',
  consent: 'granted',
  collectedAt: '2026-01-01T00:00:01.000Z',
  rightsToken: 'rt1.token.one',
  receiptSignature: 'rc1.sig.one',
  sdkVersion: '0.1.0',
};
const verified = {
  verification: { verified: true, reason: 'verified' as const, checkedAt: 100, rightsEndpoint: `${ORIGIN}/twofold/rights` },
  signedSignals: ['device-id', 'timezone-x'],
  tokenCovered: true,
};

describe('applyAnnouncement', () => {
  it('takes the signed ids when verified (categories as announced, none for unknown ids) and keeps first seen', () => {
    const first = applyAnnouncement(undefined, base, ORIGIN, 100, verified);
    expect(first.signals).toEqual([{ id: 'device-id', category: 'device' }, { id: 'timezone-x' }]);
    expect(first).toMatchObject({
      origin: ORIGIN,
      firstSeen: 100,
      lastSeen: 100,
      rightsToken: 'rt1.token.one',
      signedReceipt: 'rc1.sig.one',
      verification: { verified: true },
    });
    // A later page without signature or token, same receipt: the verdict, signals and token stand.
    const { rightsToken: _t, receiptSignature: _s, ...plain } = base;
    const later = applyAnnouncement(first, { ...plain, signals: [{ id: 'extra', category: 'browser' }], collectedAt: null }, ORIGIN, 200);
    expect(later).toMatchObject({
      firstSeen: 100,
      lastSeen: 200,
      rightsToken: 'rt1.token.one',
      verification: { verified: true },
      collectedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(later.signals.map((s) => s.id)).toEqual(['device-id', 'timezone-x']);
    // A new consent receipt without a signature is only a claim.
    const renewed = applyAnnouncement(first, { ...plain, receiptId: 'rcpt-bbbbbbbb' }, ORIGIN, 300);
    expect(renewed.verification).toMatchObject({ verified: false, reason: 'no-signature' });
    expect(renewed.signals.map((s) => s.id)).toEqual(['device-id', 'languages']);
  });

  it('keeps a withdrawal made in the ledger pending until the SDK reports it', () => {
    const first = applyAnnouncement(undefined, base, ORIGIN, 100, verified);
    const pending = { ...first, consent: { ...first.consent, state: 'withdraw-pending' as const } };
    expect(applyAnnouncement(pending, base, ORIGIN, 200).consent.state).toBe('withdraw-pending');
    const done = applyAnnouncement(pending, { ...base, consent: 'withdrawn', withdrawnAt: '2026-01-02T00:00:00.000Z' }, ORIGIN, 300);
    expect(done.consent).toEqual({ state: 'withdrawn', receiptId: 'rcpt-aaaaaaaa', receiptTime: base.receiptTime, withdrawnAt: '2026-01-02T00:00:00.000Z' });
  });
});

describe('needsVerification', () => {
  it('verifies new signatures, re-checks unverified ones after a pause, never re-checks a verified one', () => {
    expect(needsVerification(undefined, base, 0)).toBe(true);
    const { receiptSignature: _s, ...unsigned } = base;
    expect(needsVerification(undefined, unsigned, 0)).toBe(false);
    const ok = applyAnnouncement(undefined, base, ORIGIN, 100, verified);
    expect(needsVerification(ok, base, 10 ** 12)).toBe(false);
    expect(needsVerification(ok, { ...base, receiptSignature: 'rc1.sig.two' }, 101)).toBe(true);
    const bad = applyAnnouncement(undefined, base, ORIGIN, 100, { verification: { verified: false, reason: 'well-known-unreachable', checkedAt: 100 } });
    expect(needsVerification(bad, base, 100 + REVERIFY_AFTER_MS - 1)).toBe(false);
    expect(needsVerification(bad, base, 100 + REVERIFY_AFTER_MS)).toBe(true);
  });
});

describe('a verdict covers only what was signed', () => {
  // Found by the announcement fuzz: any script on a verified page can re-announce the same receipt.
  it('a verified receipt re-announced with another site or origin is re-checked, and not shown verified meanwhile', () => {
    const ok = applyAnnouncement(undefined, base, ORIGIN, 100, verified);
    for (const lie of [
      { ...base, site: 'bank.example' },
      { ...base, origin: 'https://bank.example' },
    ]) {
      expect(needsVerification(ok, lie, 101)).toBe(true);
      const { receiptSignature: _s, ...unsigned } = lie;
      expect(applyAnnouncement(ok, unsigned, ORIGIN, 102).verification).toMatchObject({ verified: false, reason: 'no-signature' });
    }
    // The genuine announcement again keeps its verdict without a new check.
    expect(needsVerification(ok, base, 103)).toBe(false);
    expect(applyAnnouncement(ok, base, ORIGIN, 103).verification.verified).toBe(true);
  });
});

describe('a rights token is taken only inside a receipt the site signed', () => {
  const ok = applyAnnouncement(undefined, base, ORIGIN, 100, verified);
  const swap = { ...base, rightsToken: 'rt1.someone.elses' };

  it('re-verifies a changed token even with the same, already verified receipt', () => {
    expect(needsVerification(ok, base, 101)).toBe(false); // the same token: nothing new to check
    expect(needsVerification(ok, swap, 101)).toBe(true);
    // The same receipt that just failed is not fetched again before the pause (its token is refused meanwhile).
    const bad = applyAnnouncement(undefined, { ...base, rightsToken: undefined }, ORIGIN, 100, {
      verification: { verified: false, reason: 'bad-signature', checkedAt: 100 },
    });
    expect(needsVerification(bad, swap, 101)).toBe(false);
    expect(tokenVerdict(bad, swap)).toBe('refuse');
    expect(needsVerification(bad, swap, 100 + REVERIFY_AFTER_MS)).toBe(true);
  });

  it('refuses a changed token unless the fresh verification covers it', () => {
    expect(tokenVerdict(ok, base)).toBe('keep');
    expect(tokenVerdict(ok, { ...base, rightsToken: undefined })).toBe('keep');
    expect(tokenVerdict(ok, swap)).toBe('refuse'); // no fresh verification
    expect(tokenVerdict(ok, swap, { ...verified, tokenCovered: false })).toBe('refuse'); // signed receipt, other token
    expect(tokenVerdict(ok, swap, { verification: { verified: false, reason: 'bad-signature', checkedAt: 1 }, tokenCovered: true })).toBe('refuse');
    expect(tokenVerdict(ok, swap, verified)).toBe('accept');
    expect(tokenVerdict(undefined, base)).toBe('refuse'); // a first token needs the signature too
  });

  it('never stores a refused token, new entry or old', () => {
    expect(applyAnnouncement(ok, swap, ORIGIN, 102, { ...verified, tokenCovered: false }).rightsToken).toBe('rt1.token.one');
    expect(applyAnnouncement(ok, swap, ORIGIN, 102).rightsToken).toBe('rt1.token.one');
    expect(
      applyAnnouncement(undefined, base, ORIGIN, 102, { verification: { verified: false, reason: 'no-signature', checkedAt: 102 } }).rightsToken,
    ).toBeUndefined();
    expect(applyAnnouncement(ok, swap, ORIGIN, 102, verified).rightsToken).toBe('rt1.someone.elses');
  });
});
