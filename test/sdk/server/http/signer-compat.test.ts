// The server's Signer (sdk/server/rights.ts) signs and seals with node:crypto for speed; what it
// writes must stay byte-compatible with the WebCrypto code the browser, the extension and earlier
// servers use: tokens verify with sdk/protocol's verifyCompact, receipts' `rth` equals
// rightsTokenHash, and a `sub` sealed the WebCrypto way (an older server's token) still opens.
import { describe, expect, it } from 'vitest';
import { RIGHTS_TOKEN_PREFIX, importVerifyingKey, rightsTokenHash, signCompact, verifyCompact } from '../../../../sdk/protocol/rights';
import { fromBase64Url, toBase64Url } from '../../../../sdk/protocol/seal';
import { createSigner, issueRightsGrant } from '../../../../sdk/server/rights';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';

/** How the WebCrypto signer of earlier servers sealed a user id (HKDF-SHA-256 → AES-256-GCM, IV first). */
async function webCryptoSeal(signingD: string, userId: string): Promise<string> {
  const secret = fromBase64Url(signingD)!;
  const hkdf = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('twofold rights-token sub v1') },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(userId)));
  return toBase64Url(new Uint8Array([...iv, ...sealed]));
}

describe('server signer: node:crypto, WebCrypto-compatible bytes', async () => {
  const keys = await generateSiteKeys();
  const signer = await createSigner(keys);
  const publicKey = await importVerifyingKey(keys.signingPublicKey);

  it('signs tokens WebCrypto verifies, and verifies tokens WebCrypto signed; altered ones fail both ways', async () => {
    const token = await signer.sign('xx1', { a: 1, b: 'å' });
    expect(await verifyCompact('xx1', token, publicKey)).toEqual({ a: 1, b: 'å' });
    const privateKey = await crypto.subtle.importKey('jwk', keys.signingPrivateKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const theirs = await signCompact('xx1', { c: [1, 2] }, privateKey);
    expect(await signer.verify('xx1', theirs)).toEqual({ c: [1, 2] });
    // One signature character changed (the third from last: a whole 6 bits of the signature, never padding).
    const altered = `${theirs.slice(0, -3)}${theirs.at(-3) === 'A' ? 'B' : 'A'}${theirs.slice(-2)}`;
    expect(altered).not.toBe(theirs);
    expect(await signer.verify('xx1', altered)).toBeUndefined();
    expect(await signer.verify('yy1', theirs)).toBeUndefined();
    expect(await signer.verify('xx1', theirs, 10)).toBeUndefined();
    const forged = `${token.slice(0, -3)}${token.at(-3) === 'A' ? 'B' : 'A'}${token.slice(-2)}`;
    expect(forged).not.toBe(token);
    expect(await verifyCompact('xx1', forged, publicKey)).toBeUndefined();
  });

  it('opens a user id sealed the WebCrypto way, and only with the same keys', async () => {
    const sub = await webCryptoSeal(String(keys.signingPrivateKey.d), 'alice@example.com');
    expect(await signer.openUserId(sub)).toBe('alice@example.com');
    expect(await signer.openUserId(await signer.sealUserId('bob'))).toBe('bob');
    const other = await createSigner(await generateSiteKeys());
    expect(await other.openUserId(sub)).toBeUndefined();
    expect(await signer.openUserId('short')).toBeUndefined();
  });

  it('binds the receipt to the token with the protocol hash (rth)', async () => {
    const grant = await issueRightsGrant(signer, createMemoryStore(), {
      site: 'example.com',
      userId: 'alice',
      deviceId: 'device-1',
      collected: { site: 'example.com', origin: 'https://example.com', receiptId: 'r1', signals: ['a'], at: 1 },
      now: 1_000,
      ttlMs: 60_000,
    });
    expect(grant?.receipt).toBeDefined();
    expect(await verifyCompact(RIGHTS_TOKEN_PREFIX, grant!.rightsToken, publicKey)).toMatchObject({ dev: 'device-1', site: 'example.com' });
    const receipt = (await verifyCompact('rc1', grant!.receipt, publicKey)) as { rth: string };
    expect(receipt.rth).toBe(await rightsTokenHash(grant!.rightsToken));
  });
});
