// The server's node:crypto HPKE opener against RFC 9180 A.3.1 (the suite of every tf1 envelope)
// and against what the page's sealer and @hpke/core produce; anything altered must not open.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hpkeSeal } from '../../../sdk/protocol/seal-native';
import { sealSuite } from '../../../sdk/protocol/seal';
import { hpkeOpen, hpkeRecipient } from '../../../sdk/server/hpke-open';

const vectors = JSON.parse(readFileSync(new URL('../../vectors/rfc9180-a3-1.json', import.meta.url), 'utf8')) as {
  info: string;
  skRm: string;
  pkRm: string;
  enc: string;
  encryptions: { seq: number; pt: string; aad: string; ct: string }[];
};
const hex = (s: string) => Buffer.from(s, 'hex');

describe('hpkeOpen (node:crypto)', () => {
  const recipient = hpkeRecipient(hex(vectors.skRm));

  it('opens the RFC 9180 A.3.1 sequence-0 ciphertext and derives the RFC public key', () => {
    expect(recipient.publicPoint.toString('hex')).toBe(vectors.pkRm);
    const first = vectors.encryptions.find((e) => e.seq === 0)!;
    expect(Buffer.from(hpkeOpen(recipient, hex(vectors.enc), hex(vectors.info), hex(first.aad), hex(first.ct))).toString('hex')).toBe(first.pt);
  });

  it('opens what the page sealer and @hpke/core seal, and refuses altered ciphertext, aad, info, enc or key', async () => {
    const info = new TextEncoder().encode('twofold/seal/v1');
    const aad = new TextEncoder().encode('header');
    const plaintext = new TextEncoder().encode('{"report":1}');
    const page = await hpkeSeal(recipient.publicPoint, info, aad, plaintext);
    expect(new TextDecoder().decode(hpkeOpen(recipient, page.enc, info, aad, page.ct))).toBe('{"report":1}');
    const suite = sealSuite();
    const pk = await suite.kem.deserializePublicKey(recipient.publicPoint);
    const lib = await suite.seal({ recipientPublicKey: pk, info }, plaintext, aad);
    expect(new TextDecoder().decode(hpkeOpen(recipient, new Uint8Array(lib.enc), info, aad, new Uint8Array(lib.ct)))).toBe('{"report":1}');

    const flipped = (bytes: Uint8Array, at: number) => Uint8Array.from(bytes, (b, i) => (i === at ? b ^ 1 : b));
    expect(() => hpkeOpen(recipient, page.enc, info, aad, flipped(page.ct, 3))).toThrow();
    expect(() => hpkeOpen(recipient, page.enc, info, aad, flipped(page.ct, page.ct.length - 1))).toThrow();
    expect(() => hpkeOpen(recipient, page.enc, info, flipped(aad, 0), page.ct)).toThrow();
    expect(() => hpkeOpen(recipient, page.enc, flipped(info, 0), aad, page.ct)).toThrow();
    expect(() => hpkeOpen(recipient, flipped(page.enc, 10), info, aad, page.ct)).toThrow();
    expect(() => hpkeOpen(recipient, page.enc.subarray(1), info, aad, page.ct)).toThrow();
    expect(() => hpkeOpen(hpkeRecipient(hex(vectors.skRm.replace(/^f3/, 'f4'))), page.enc, info, aad, page.ct)).toThrow();
  });
});
