// RFC 9180 Appendix A.3.1 through @hpke/core: every published value of the suite Twofold seals with
// is reproduced (key derivation, encapsulation, six sequence numbers, exports) and opened.
import { describe, expect, it } from 'vitest';
import vectors from '../../vectors/rfc9180-a3-1.json';
import { sealSuite } from '../../../sdk/protocol/seal';

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

describe('RFC 9180 A.3.1 — DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode', () => {
  const suite = sealSuite();

  it('uses the suite identifiers of the vector', () => {
    expect([suite.kem.id, suite.kdf.id, suite.aead.id]).toEqual([vectors.kem_id, vectors.kdf_id, vectors.aead_id]);
    expect(vectors.mode).toBe(0);
  });

  it('derives the published ephemeral and recipient key pairs', async () => {
    const e = await suite.kem.deriveKeyPair(hex(vectors.ikmE));
    expect(toHex(await suite.kem.serializePublicKey(e.publicKey))).toBe(vectors.pkEm);
    expect(toHex(await suite.kem.serializePrivateKey(e.privateKey))).toBe(vectors.skEm);
    const r = await suite.kem.deriveKeyPair(hex(vectors.ikmR));
    expect(toHex(await suite.kem.serializePublicKey(r.publicKey))).toBe(vectors.pkRm);
    expect(toHex(await suite.kem.serializePrivateKey(r.privateKey))).toBe(vectors.skRm);
  });

  it('encapsulates to the published enc and shared secret with the fixed ephemeral key', async () => {
    const pkR = await suite.kem.deserializePublicKey(hex(vectors.pkRm));
    const { enc, sharedSecret } = await suite.kem.encap({ recipientPublicKey: pkR, ekm: hex(vectors.ikmE) });
    expect(toHex(enc)).toBe(vectors.enc);
    expect(toHex(sharedSecret)).toBe(vectors.shared_secret);
    const skR = await suite.kem.deserializePrivateKey(hex(vectors.skRm));
    expect(toHex(await suite.kem.decap({ enc: hex(vectors.enc), recipientKey: skR }))).toBe(vectors.shared_secret);
  });

  it('seals every published sequence number to the published ciphertext and exports the published values', async () => {
    const pkR = await suite.kem.deserializePublicKey(hex(vectors.pkRm));
    const sender = await suite.createSenderContext({ recipientPublicKey: pkR, info: hex(vectors.info), ekm: hex(vectors.ikmE) });
    expect(toHex(sender.enc)).toBe(vectors.enc);
    const bySeq = new Map(vectors.encryptions.map((e) => [e.seq, e]));
    const last = Math.max(...bySeq.keys());
    let checked = 0;
    for (let seq = 0; seq <= last; seq++) {
      const vector = bySeq.get(seq);
      const aad = vector ? hex(vector.aad) : new TextEncoder().encode(`Count-${seq}`);
      const ct = await sender.seal(hex(vector?.pt ?? vectors.encryptions[0]!.pt), aad);
      if (vector) {
        expect(toHex(ct), `ct for seq ${seq}`).toBe(vector.ct);
        checked++;
      }
    }
    expect(checked).toBe(vectors.encryptions.length);
    for (const ex of vectors.exports) {
      expect(toHex(await sender.export(hex(ex.exporter_context), ex.L))).toBe(ex.exported_value);
    }
  });

  it('opens the published ciphertexts with the recipient key (and refuses them with the wrong aad)', async () => {
    const skR = await suite.kem.deserializePrivateKey(hex(vectors.skRm));
    const first = vectors.encryptions[0]!;
    const pt = await suite.open({ recipientKey: skR, enc: hex(vectors.enc), info: hex(vectors.info) }, hex(first.ct), hex(first.aad));
    expect(toHex(pt)).toBe(first.pt);
    await expect(
      suite.open({ recipientKey: skR, enc: hex(vectors.enc), info: hex(vectors.info) }, hex(first.ct), hex(vectors.encryptions[1]!.aad)),
    ).rejects.toThrow();
    const recipient = await suite.createRecipientContext({ recipientKey: skR, enc: hex(vectors.enc), info: hex(vectors.info) });
    for (const ex of vectors.exports) {
      expect(toHex(await recipient.export(hex(ex.exporter_context), ex.L))).toBe(ex.exported_value);
    }
  });
});
