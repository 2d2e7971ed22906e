// tf.seal: goes through the consent-gated collect(), seals to the site key; the server opens it once.
import { describe, expect, it } from 'vitest';
import { ConsentRequiredError } from '../../../sdk/protocol/errors';
import { createSealer, type BrowserSealOptions } from '../../../sdk/browser/seal';
import { rawPublicKey } from '../../../sdk/browser/seal-key';
import { sealReport as sealWithRawKey } from '../../../sdk/protocol/seal';
import type { SignalReport } from '../../../sdk/protocol/report';

/** What the collector does: the key as init() got it, then the shared sealReport. */
const sealReport = (report: SignalReport, options: BrowserSealOptions) => sealWithRawKey(report, { ...options, publicKey: rawPublicKey(options.publicKey) });
import { generateSiteKeys, issueNonce, unseal } from '../../../sdk/server/seal';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { sampleReport } from '../server/helpers/report';

describe('createSealer (tf.seal)', () => {
  it('seals the collected report to the site key with the page origin; the server opens it once', async () => {
    const keys = await generateSiteKeys();
    const store = createMemoryStore();
    const { nonce } = await issueNonce(keys);
    const report = sampleReport({ site: 'example.com', origin: 'https://example.com' });
    const seal = createSealer({ sealReport, site: 'example.com', publicKey: keys.publicKey, collect: async () => report, origin: 'https://example.com' });
    const sealed = await seal({ nonce: async () => nonce });
    expect(await unseal(sealed, { privateKey: keys.privateKey, site: 'example.com', nonces: store })).toEqual(report);
  });

  it('rejects without consent (collect rejects) and without a public key', async () => {
    const keys = await generateSiteKeys();
    const denied = createSealer({
      sealReport,
      site: 'example.com',
      publicKey: keys.publicKey,
      collect: () => Promise.reject(new ConsentRequiredError('denied')),
    });
    await expect(denied({ nonce: 'n'.repeat(22) })).rejects.toMatchObject({ code: 'consent_required' });
    let collected = false;
    const noKey = createSealer({
      sealReport,
      site: 'example.com',
      publicKey: undefined,
      collect: async () => {
        collected = true;
        return sampleReport();
      },
    });
    await expect(noKey({ nonce: 'n'.repeat(22) })).rejects.toMatchObject({ code: 'missing_public_key' });
    expect(collected).toBe(false);
  });
});

describe('rawPublicKey', () => {
  it('turns the JWK of a site key into the same base64url raw point', async () => {
    const keys = await generateSiteKeys();
    const raw = Uint8Array.from(Buffer.from(keys.publicKey, 'base64url'));
    const key = await crypto.subtle.importKey('raw', raw, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
    const jwk = await crypto.subtle.exportKey('jwk', key);
    expect(rawPublicKey(jwk)).toBe(keys.publicKey);
    expect(rawPublicKey(keys.publicKey)).toBe(keys.publicKey);
    expect(() => rawPublicKey({ kty: 'RSA' })).toThrow(/P-256/);
  });
});
