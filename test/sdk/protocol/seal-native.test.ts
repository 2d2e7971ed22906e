// RFC 9180 Appendix A.3.1 through the WebCrypto-only HPKE the page's collector seals with: the
// published shared secret and first ciphertext are reproduced from the fixed ephemeral key, the
// server's @hpke/core opens what the native code seals (and the reverse check: @hpke/core's
// own vector test is seal-vectors.test.ts), and sealReport envelopes unseal on the server.
import { describe, expect, it } from 'vitest';
import vectors from '../../vectors/rfc9180-a3-1.json';
import { encapsulate, hpkeSeal, keySchedule, type EphemeralKey } from '../../../sdk/protocol/seal-native';
import { sealSuite } from '../../../sdk/protocol/seal';

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** The RFC's fixed ephemeral key (skEm with its public point pkEm) as a WebCrypto key. */
async function vectorEphemeral(): Promise<EphemeralKey> {
  const pk = hex(vectors.pkEm);
  const jwk = { kty: 'EC', crv: 'P-256', d: b64u(hex(vectors.skEm)), x: b64u(pk.subarray(1, 33)), y: b64u(pk.subarray(33, 65)) };
  const privateKey = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  return { privateKey, publicRaw: pk };
}

describe('native HPKE (WebCrypto) against RFC 9180 A.3.1', () => {
  it('encapsulates to the published enc and shared secret', async () => {
    const { enc, sharedSecret } = await encapsulate(hex(vectors.pkRm), await vectorEphemeral());
    expect(toHex(enc)).toBe(vectors.enc);
    expect(toHex(sharedSecret)).toBe(vectors.shared_secret);
  });

  it('derives the published base nonce and seals sequence 0 to the published ciphertext', async () => {
    const first = vectors.encryptions.find((e) => e.seq === 0)!;
    const { baseNonce } = await keySchedule(hex(vectors.shared_secret), hex(vectors.info));
    expect(toHex(baseNonce)).toBe(first.nonce);
    const { enc, ct } = await hpkeSeal(hex(vectors.pkRm), hex(vectors.info), hex(first.aad), hex(first.pt), await vectorEphemeral());
    expect(toHex(enc)).toBe(vectors.enc);
    expect(toHex(ct)).toBe(first.ct);
  });

  it('a fresh seal opens with @hpke/core (the server path) and fails with another aad', async () => {
    const suite = sealSuite();
    const skR = await suite.kem.deserializePrivateKey(hex(vectors.skRm));
    const pt = new TextEncoder().encode('{"report":"x"}');
    const aad = new TextEncoder().encode('tf1.header');
    const { enc, ct } = await hpkeSeal(hex(vectors.pkRm), hex(vectors.info), aad, pt);
    expect(toHex(enc)).not.toBe(vectors.enc); // a fresh ephemeral key each time
    const opened = await suite.open({ recipientKey: skR, enc, info: hex(vectors.info) }, ct, aad);
    expect(new TextDecoder().decode(opened)).toBe('{"report":"x"}');
    await expect(suite.open({ recipientKey: skR, enc, info: hex(vectors.info) }, ct, new TextEncoder().encode('tf1.other'))).rejects.toThrow();
  });

  it('refuses a recipient key that is not a P-256 point', async () => {
    const bad = hex(vectors.pkRm);
    bad[64] = (bad[64] ?? 0) ^ 1;
    await expect(hpkeSeal(bad, hex(vectors.info), new Uint8Array(0), new Uint8Array(1))).rejects.toThrow();
  });
});
