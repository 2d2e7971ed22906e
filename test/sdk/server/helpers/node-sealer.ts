// The load client's sealer: the same `tf1` envelope sealReport (sdk/protocol/seal-envelope.ts)
// produces, byte for byte in format and size, but on node:crypto's synchronous primitives. RFC 9180
// HPKE base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM — the suite every envelope
// names — with the server's opener's key schedule (sdk/server/hpke-open.ts: hpkeKeyAndNonce). Why: the load client shares the
// machine with the servers it measures, and sealing over WebCrypto (a promise job, a thread-pool
// hop and key re-imports per primitive) took the CPU the servers needed. The recipient key, its id
// and the constant key-schedule hashes are prepared once per site key; every seal still makes a
// fresh ephemeral key, as a browser does. test/sdk/server/helpers/node-sealer.test.ts holds it to
// the RFC vector and to both openers (the server's and @hpke/core).
import { createCipheriv, createECDH, createHash, type ECDH } from 'node:crypto';
import type { SignalReport } from '../../../../sdk/protocol/report';
import { SEAL_ALG, SEAL_INFO, SEAL_NONCE_PATTERN, SEAL_PREFIX } from '../../../../sdk/protocol/seal-envelope';
import { hpkeKeyAndNonce, keyScheduleContext } from '../../../../sdk/server/hpke-open';

const EMPTY = Buffer.alloc(0);

/** What one seal needs besides the report: the binding values of SealOptions. */
export interface NodeSealOptions {
  nonce: string;
  site: string;
  origin: string;
  /** Sealing time (ms since epoch); defaults to Date.now(). */
  now?: number;
}

/** A sealer bound to one site public key. */
export interface NodeSealer {
  /** The key id sealReport writes in the header (first 8 bytes of SHA-256 of the raw key, base64url). */
  readonly kid: string;
  /** Seals `report` like sealReport (no device proof); returns the `tf1.` string. */
  seal(report: SignalReport, options: NodeSealOptions): string;
  /** RFC 9180 SealBase with sequence 0; `ephemeralPrivate` (tests: the RFC's skEm) replaces the fresh ephemeral key. */
  hpkeSeal(info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, ephemeralPrivate?: Uint8Array): { enc: Buffer; ct: Buffer };
}

/** Prepares a sealer for a site's base64url 65-byte uncompressed P-256 public key (throws for anything else). */
export function createNodeSealer(publicKey: string | Uint8Array): NodeSealer {
  const recipient = typeof publicKey === 'string' ? Buffer.from(publicKey, 'base64url') : Buffer.from(publicKey);
  if (recipient.length !== 65 || recipient[0] !== 4) throw new Error('node sealer: the site public key must be a 65-byte uncompressed P-256 point');
  const kid = createHash('sha256').update(recipient).digest().subarray(0, 8).toString('base64url');
  const contexts = new Map<string, Buffer>();

  const hpkeSeal: NodeSealer['hpkeSeal'] = (info, aad, plaintext, ephemeralPrivate) => {
    const ephemeral: ECDH = createECDH('prime256v1');
    if (ephemeralPrivate) ephemeral.setPrivateKey(ephemeralPrivate);
    else ephemeral.generateKeys();
    const enc = ephemeral.getPublicKey();
    // Encap (RFC 9180 §4.1) and the base-mode key schedule, shared with the server's opener.
    const { key, nonce: baseNonce } = hpkeKeyAndNonce(ephemeral.computeSecret(recipient), enc, recipient, keyScheduleContext(contexts, info));
    const cipher = createCipheriv('aes-128-gcm', key, baseNonce);
    cipher.setAAD(aad);
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { enc, ct };
  };
  hpkeSeal(Buffer.from(SEAL_INFO), EMPTY, EMPTY); // throws now for a public key that is not on the curve
  const info = Buffer.from(SEAL_INFO);

  return {
    kid,
    hpkeSeal,
    seal(report, options) {
      if (!SEAL_NONCE_PATTERN.test(options.nonce)) throw new Error('node sealer: the nonce must be the base64url string GET /twofold/nonce issued');
      const iat = Math.floor(options.now ?? Date.now());
      // Same key order as sealReport's header and payload, so the bytes (and sizes) match a browser's.
      const header = { v: 1, alg: SEAL_ALG, kid, site: options.site, origin: options.origin, nonce: options.nonce, iat };
      const headerPart = Buffer.from(JSON.stringify(header)).toString('base64url');
      const plaintext = Buffer.from(JSON.stringify({ site: options.site, origin: options.origin, nonce: options.nonce, iat, report }));
      const { enc, ct } = hpkeSeal(info, Buffer.from(`${SEAL_PREFIX}.${headerPart}`), plaintext);
      return `${SEAL_PREFIX}.${headerPart}.${enc.toString('base64url')}.${ct.toString('base64url')}`;
    },
  };
}
