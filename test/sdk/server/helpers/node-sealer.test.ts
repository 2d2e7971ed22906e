// The load client's node:crypto sealer against RFC 9180 A.3.1, the server's real opener
// (unsealWithHeader → hpke-open.ts), @hpke/core, and the browser's sealReport (same envelope shape
// and size); anything altered must not open.
import { describe, expect, it } from 'vitest';
import vectors from '../../../vectors/rfc9180-a3-1.json';
import { sealReport, sealSuite } from '../../../../sdk/protocol/seal';
import { generateSiteKeys, issueNonce, unsealWithHeader } from '../../../../sdk/server/seal';
import { createNodeSealer } from './node-sealer';
import { sampleReport } from './report';

const hex = (s: string) => Buffer.from(s, 'hex');
const SITE = 'example.com';
const ORIGIN = 'https://example.com';

/** A nonce store that remembers spent nonces, as the real one does. */
const spentNonces = () => {
  const spent = new Set<string>();
  return { markNonceSpent: async (nonce: string) => !spent.has(nonce) && Boolean(spent.add(nonce)) };
};

describe('createNodeSealer', () => {
  it('reproduces the RFC 9180 A.3.1 enc and sequence-0 ciphertext from the fixed ephemeral key', () => {
    const first = vectors.encryptions.find((e) => e.seq === 0)!;
    const { enc, ct } = createNodeSealer(hex(vectors.pkRm)).hpkeSeal(hex(vectors.info), hex(first.aad), hex(first.pt), hex(vectors.skEm));
    expect(enc.toString('hex')).toBe(vectors.enc);
    expect(ct.toString('hex')).toBe(first.ct);
  });

  it('seals envelopes the server opens (once) and @hpke/core opens, the same size as sealReport', async () => {
    const keys = await generateSiteKeys();
    const sealer = createNodeSealer(keys.publicKey);
    expect(sealer.kid).toBe(keys.kid);
    const report = sampleReport({ site: SITE, origin: ORIGIN, deviceId: 'load-device-1' });
    const { nonce } = await issueNonce(keys);
    const now = Date.now();
    const sealed = sealer.seal(report, { nonce, site: SITE, origin: ORIGIN, now });
    const browser = await sealReport(report, { publicKey: keys.publicKey, nonce, site: SITE, origin: ORIGIN, now });
    expect(sealed.length).toBe(browser.length);
    expect(sealed.split('.')[1]).toBe(browser.split('.')[1]); // identical authenticated header
    expect(sealed.split('.')[2]).not.toBe(browser.split('.')[2]); // a fresh ephemeral key per seal

    const nonces = spentNonces();
    const opened = await unsealWithHeader(sealed, { privateKey: keys.privateKey, site: SITE, nonces, now });
    expect(opened.report).toEqual(report);
    expect(opened.header).toMatchObject({ kid: keys.kid, site: SITE, origin: ORIGIN, nonce, iat: now });
    await expect(unsealWithHeader(sealed, { privateKey: keys.privateKey, site: SITE, nonces, now })).rejects.toMatchObject({ code: 'seal_replayed' });

    const [, headerPart, encPart, ctPart] = sealed.split('.') as [string, string, string, string];
    const suite = sealSuite();
    const recipient = await suite.kem.importKey('raw', new Uint8Array(Buffer.from(keys.privateKey, 'base64url')).buffer, false);
    const plain = await suite.open(
      { recipientKey: recipient, enc: Buffer.from(encPart, 'base64url'), info: new TextEncoder().encode('twofold/seal/v1') },
      Buffer.from(ctPart, 'base64url'),
      new TextEncoder().encode(`tf1.${headerPart}`),
    );
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ site: SITE, origin: ORIGIN, nonce, iat: now, report });
  });

  it('an altered envelope or one sealed to another key does not open', async () => {
    const keys = await generateSiteKeys();
    const other = await generateSiteKeys();
    const report = sampleReport({ site: SITE, origin: ORIGIN });
    const seal = async (publicKey: string) => createNodeSealer(publicKey).seal(report, { nonce: (await issueNonce(keys)).nonce, site: SITE, origin: ORIGIN });
    const open = (sealed: string) => unsealWithHeader(sealed, { privateKey: keys.privateKey, site: SITE, nonces: spentNonces() });
    const sealed = await seal(keys.publicKey);
    const flipLast = (part: string) => part.slice(0, -2) + (part.at(-2) === 'A' ? 'B' : 'A') + part.at(-1);
    const [prefix, header, enc, ct] = sealed.split('.') as [string, string, string, string];
    await expect(open([prefix, header, enc, flipLast(ct)].join('.'))).rejects.toMatchObject({ code: 'seal_tampered' });
    await expect(open([prefix, header, flipLast(enc), ct].join('.'))).rejects.toMatchObject({ code: 'seal_tampered' });
    await expect(open(await seal(other.publicKey))).rejects.toMatchObject({ code: 'seal_wrong_key' });
    expect(() => createNodeSealer(keys.privateKey)).toThrow(/65-byte/);
    expect(() => createNodeSealer(Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]))).toThrow();
  });
});
