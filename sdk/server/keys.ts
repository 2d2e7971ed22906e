/**
 * Site key material: the HPKE key pair reports are sealed to, and an ECDSA P-256 key pair the
 * server signs consent receipts / rights tokens with (published in /.well-known/twofold.json so the
 * extension can verify announcements). All values are strings, so keys fit in env vars or a JSON file.
 */
import { SealError, fromBase64Url, keyIdOf, sealSuite, toBase64Url } from '../protocol/seal';

/** Everything a site needs to unseal reports and sign receipts; JSON-serialisable. */
export interface SiteKeys {
  /** Key id of `publicKey` (also in every sealed header). */
  kid: string;
  /** HPKE public key: base64url of the 65-byte uncompressed P-256 point; give it to `Twofold.init`. */
  publicKey: string;
  /** HPKE private key: base64url of the 32-byte P-256 scalar. Keep secret. */
  privateKey: string;
  /** ECDSA P-256 public key (JWK) for verifying signed receipts. */
  signingPublicKey: JsonWebKey;
  /** ECDSA P-256 private key (JWK). Keep secret. */
  signingPrivateKey: JsonWebKey;
}

/** Creates fresh site keys (HPKE for sealing, ECDSA for receipt signatures). */
export async function generateSiteKeys(): Promise<SiteKeys> {
  const suite = sealSuite();
  const pair = await suite.kem.generateKeyPair();
  const raw = new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey));
  const sk = new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey));
  const signing = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const signingPublicKey = await globalThis.crypto.subtle.exportKey('jwk', signing.publicKey);
  const signingPrivateKey = await globalThis.crypto.subtle.exportKey('jwk', signing.privateKey);
  return {
    kid: await keyIdOf(raw),
    publicKey: toBase64Url(raw),
    privateKey: toBase64Url(sk),
    signingPublicKey: { kty: signingPublicKey.kty, crv: signingPublicKey.crv, x: signingPublicKey.x, y: signingPublicKey.y },
    signingPrivateKey,
  };
}

/** An imported HPKE recipient key with the key id of its public half. */
export interface RecipientKey {
  kid: string;
  pair: CryptoKeyPair;
}

// Importing and deriving the public half costs a few WebCrypto calls; cache per private key string.
const recipientCache = new Map<string, Promise<RecipientKey>>();

/** Imports a base64url private key (caching the result), or throws `seal_bad_key`. */
export function importRecipientKey(privateKey: string): Promise<RecipientKey> {
  let cached = recipientCache.get(privateKey);
  if (!cached) {
    cached = importUncached(privateKey);
    cached.catch(() => recipientCache.delete(privateKey));
    if (recipientCache.size > 16) recipientCache.clear();
    recipientCache.set(privateKey, cached);
  }
  return cached;
}

async function importUncached(privateKey: string): Promise<RecipientKey> {
  const bytes = typeof privateKey === 'string' ? fromBase64Url(privateKey) : undefined;
  if (bytes?.length !== 32) {
    throw new SealError('seal_bad_key', 'The site private key must be the base64url 32-byte P-256 scalar from generateSiteKeys() (`privateKey`).');
  }
  const suite = sealSuite();
  try {
    const sk = await suite.kem.deserializePrivateKey(bytes);
    const jwk = await globalThis.crypto.subtle.exportKey('jwk', sk);
    const publicKey = await globalThis.crypto.subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDH', namedCurve: 'P-256' },
      true,
      [],
    );
    const raw = new Uint8Array(await suite.kem.serializePublicKey(publicKey));
    return { kid: await keyIdOf(raw), pair: { privateKey: sk, publicKey } };
  } catch (cause) {
    throw new SealError('seal_bad_key', 'The site private key is not a valid P-256 scalar; use `privateKey` from generateSiteKeys().', { cause });
  }
}
