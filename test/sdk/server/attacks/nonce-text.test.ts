// Attack: a lying client that fetched one seal nonce seals several reports with other spellings
// of it. A nonce is 43 base64url characters, 258 bits for 256: the last character's 2 leftover
// bits are ignored by decoding, so without a check four texts decode to the same MAC'd bytes, and
// the store (which spends the text) would let one nonce open four reports.
import { describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { mintNonce, openNonce } from '../../../../sdk/server/nonce-mac';
import { generateSiteKeys, issueNonce, unseal } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { sampleReport } from '../helpers/report';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SITE = 'example.com';
const ORIGIN = 'https://example.com';

/** The four 43-character texts that decode to the bytes of `nonce` (itself among them). */
function spellings(nonce: string): string[] {
  const base = ALPHABET.indexOf(nonce.at(-1)!) & ~3;
  return [0, 1, 2, 3].map((bits) => nonce.slice(0, -1) + ALPHABET[base + bits]);
}

describe('attack: one seal nonce spelled four ways', () => {
  it('only the minted text opens; the other spellings are no nonce', async () => {
    const { privateKey } = await generateSiteKeys();
    for (let i = 0; i < 20; i++) {
      const nonce = mintNonce(privateKey, 2_000_000_000_000);
      const variants = spellings(nonce);
      expect(new Set(variants.map((text) => Buffer.from(text, 'base64url').toString('hex'))).size).toBe(1);
      expect(variants.map((text) => openNonce(privateKey, text) !== undefined)).toEqual(variants.map((text) => text === nonce));
    }
  });

  it('a sealed report per spelling: exactly one opens, the rest are seal_replayed', async () => {
    const keys = await generateSiteKeys();
    const nonces = createMemoryStore();
    const { nonce } = await issueNonce(keys);
    const outcomes: string[] = [];
    for (const spelling of spellings(nonce)) {
      const sealed = await sealReport(sampleReport({ site: SITE, origin: ORIGIN }), { publicKey: keys.publicKey, site: SITE, origin: ORIGIN, nonce: spelling });
      outcomes.push(
        await unseal(sealed, { privateKey: keys.privateKey, site: SITE, nonces }).then(
          () => 'opened',
          (error: { code?: string }) => error.code ?? 'error',
        ),
      );
    }
    expect(outcomes.filter((outcome) => outcome === 'opened')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'opened')).toEqual(['seal_replayed', 'seal_replayed', 'seal_replayed']);
  });
});
