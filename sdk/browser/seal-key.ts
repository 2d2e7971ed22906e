/**
 * The site key as the seal takes it. Part of the collector (with sealing), not the loader.
 */
import { TwofoldError } from '../protocol/errors';
import { fromBase64Url, toBase64Url } from '../protocol/base64url';

/** A P-256 public JWK as the base64url raw point sealReport takes; strings pass through. */
export function rawPublicKey(key: string | JsonWebKey): string {
  if (typeof key === 'string') return key;
  const x = key.x ? fromBase64Url(key.x) : undefined;
  const y = key.y ? fromBase64Url(key.y) : undefined;
  if (key.kty !== 'EC' || key.crv !== 'P-256' || x?.length !== 32 || y?.length !== 32) {
    throw new TwofoldError('seal_bad_key', 'Twofold.init `publicKey` must be the base64url key from /.well-known/twofold.json or a P-256 public JWK.');
  }
  const raw = new Uint8Array(65);
  raw[0] = 4;
  raw.set(x, 1);
  raw.set(y, 33);
  return toBase64Url(raw);
}
