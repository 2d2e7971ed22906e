import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ConsentReceiptSchema } from '../../../../sdk/protocol/receipt';
import { buildReceipt, readGpc, storedReceiptFor } from '../../../../sdk/browser/consent/receipt';

const signals = [
  { id: 'visitor-id', category: 'fingerprint' as const, purpose: 'p', personalData: 'online-identifier' as const },
  { id: 'screen', category: 'device' as const, purpose: 'p', personalData: 'technical' as const },
];
const input = {
  receiptId: 'rcpt-0001-abcd',
  now: new Date('2026-01-02T03:04:05Z'),
  site: 'shop.example',
  origin: 'https://shop.example',
  method: 'banner' as const,
  jurisdiction: 'NO',
  signals,
  gpc: null,
};

describe('consent receipt', () => {
  it('is valid against the shared schema and lists the exact signals with their classes', () => {
    const receipt = buildReceipt({ ...input, controller: { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/p' } });
    expect(v.safeParse(ConsentReceiptSchema, receipt).success).toBe(true);
    expect(receipt).toMatchObject({
      receiptId: 'rcpt-0001-abcd',
      timestamp: '2026-01-02T03:04:05.000Z',
      jurisdiction: 'NO',
      collectionMethod: 'banner',
      policyUrl: 'https://shop.example/p',
      gpc: null,
      events: [{ state: 'given', at: '2026-01-02T03:04:05.000Z' }],
    });
    expect(receipt.signals).toEqual([
      { id: 'visitor-id', category: 'fingerprint', personalData: 'online-identifier' },
      { id: 'screen', category: 'device', personalData: 'technical' },
    ]);
    expect(receipt.purposes[0]?.legalBasis).toBe('consent');
    expect(receipt).not.toHaveProperty('tcString');
  });
  it('records the TC string when consent came from a CMP', () => {
    expect(buildReceipt({ ...input, method: 'tcf', tcString: 'CQabc' }).tcString).toBe('CQabc');
  });
  it('is reused from storage only for the same site, origin, method and exact signal list, while not withdrawn', () => {
    const receipt = JSON.parse(JSON.stringify(buildReceipt(input))) as unknown;
    const want = { site: input.site, origin: input.origin, method: input.method, jurisdiction: input.jurisdiction, signals };
    expect(storedReceiptFor(receipt, want)).toEqual(receipt);
    expect(storedReceiptFor(receipt, { ...want, signals: signals.slice(1) })).toBeNull();
    expect(storedReceiptFor(receipt, { ...want, site: 'other.example' })).toBeNull();
    expect(storedReceiptFor(receipt, { ...want, method: 'manual' })).toBeNull();
    const withdrawn = buildReceipt(input);
    withdrawn.events.push({ state: 'withdrawn', at: withdrawn.timestamp });
    expect(storedReceiptFor(withdrawn, want)).toBeNull();
  });
  it('reads GPC as true, false or null (no signal)', () => {
    expect(readGpc({ globalPrivacyControl: true } as unknown as Navigator)).toBe(true);
    expect(readGpc({ globalPrivacyControl: false } as unknown as Navigator)).toBe(false);
    expect(readGpc({} as Navigator)).toBeNull();
  });
});
