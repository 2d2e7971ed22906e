import { describe, expect, it } from 'vitest';
import { canonicalReceiptJson, generateSigningKey, signReceipt, verifyReceiptSignature, type ReceiptSummary } from '../../../sdk/server/receipt-signing';

const summary: ReceiptSummary = {
  site: 'shop.example',
  origin: 'https://shop.example',
  receiptId: '7d0f1f4e-6a55-4c1e-9a43-2f6f1b0c9e11',
  signals: ['visitor-id', 'device-id', 'screen'],
  timestamp: '2026-03-01T10:00:00.000Z',
};

describe('receipt signing', () => {
  it('canonical JSON sorts keys and signal ids, drops duplicates, ignores extra fields', () => {
    const text = canonicalReceiptJson({ ...summary, signals: ['screen', 'device-id', 'visitor-id', 'screen'], extra: 1 } as ReceiptSummary);
    expect(text).toBe(
      '{"origin":"https://shop.example","receiptId":"7d0f1f4e-6a55-4c1e-9a43-2f6f1b0c9e11","signals":["device-id","screen","visitor-id"],"site":"shop.example","timestamp":"2026-03-01T10:00:00.000Z"}',
    );
    expect(() => canonicalReceiptJson({ ...summary, site: 5 } as unknown as ReceiptSummary)).toThrow(/site must be a string/);
  });

  it('a fresh key signs and the public JWK verifies; the public JWK holds no private part', async () => {
    const { publicJwk, privateJwk } = await generateSigningKey();
    expect(Object.keys(publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(privateJwk.d).toBeTypeOf('string');
    const signature = await signReceipt(summary, privateJwk);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(await verifyReceiptSignature(summary, signature, publicJwk)).toBe(true);
    // Signal order is canonicalised, so the extension may list them in any order.
    expect(await verifyReceiptSignature({ ...summary, signals: [...summary.signals].reverse() }, signature, publicJwk)).toBe(true);
  });

  it.each([
    ['site', { site: 'evil.example' }],
    ['origin', { origin: 'https://shop.example.evil.test' }],
    ['receiptId', { receiptId: '7d0f1f4e-6a55-4c1e-9a43-2f6f1b0c9e12' }],
    ['signals (one added)', { signals: [...summary.signals, 'location'] }],
    ['signals (one removed)', { signals: ['visitor-id', 'screen'] }],
    ['timestamp', { timestamp: '2026-03-01T10:00:01.000Z' }],
  ])('a tampered %s does not verify', async (_name, change) => {
    const { publicJwk, privateJwk } = await generateSigningKey();
    const signature = await signReceipt(summary, privateJwk);
    expect(await verifyReceiptSignature({ ...summary, ...change }, signature, publicJwk)).toBe(false);
  });

  it('another key, a flipped bit, a truncated or malformed signature do not verify (and never throw)', async () => {
    const { publicJwk, privateJwk } = await generateSigningKey();
    const other = await generateSigningKey();
    const signature = await signReceipt(summary, privateJwk);
    expect(await verifyReceiptSignature(summary, signature, other.publicJwk)).toBe(false);
    const flipped = (signature[10] === 'A' ? 'B' : 'A');
    expect(await verifyReceiptSignature(summary, signature.slice(0, 10) + flipped + signature.slice(11), publicJwk)).toBe(false);
    expect(await verifyReceiptSignature(summary, signature.slice(0, 60), publicJwk)).toBe(false);
    for (const bad of ['', 'not base64!', 42, null, 'A'.repeat(5000)]) expect(await verifyReceiptSignature(summary, bad, publicJwk)).toBe(false);
    expect(await verifyReceiptSignature(summary, signature, { kty: 'EC', crv: 'P-256', x: 'bad', y: 'bad' })).toBe(false);
    expect(await verifyReceiptSignature({ ...summary, signals: 'screen' } as unknown as ReceiptSummary, signature, publicJwk)).toBe(false);
  });
});
