/**
 * RFC 9180 HPKE single-shot seal, base mode, with DHKEM(P-256, HKDF-SHA256), HKDF-SHA256 and
 * AES-128-GCM — the suite every `tf1` envelope names — on WebCrypto alone. ECDH P-256, HMAC-SHA-256
 * and AES-GCM are native in every current browser and in Node 20, so the page's collector seals
 * without shipping an HPKE library (@hpke/core is ~9 KB min+gzip; it would call the same WebCrypto
 * primitives). The server opens with node:crypto (sdk/server/hpke-open.ts; @hpke/core only makes
 * and imports keys there): the RFC vectors (test/sdk/protocol/seal-native.test.ts,
 * test/sdk/server/hpke-open.test.ts) and round trips hold both paths to the same bytes.
 */

const utf8 = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;

const KEM_ID = 0x0010; // DHKEM(P-256, HKDF-SHA256)
const KDF_ID = 0x0001; // HKDF-SHA256
const AEAD_ID = 0x0001; // AES-128-GCM
const KEY_BYTES = 16;
const NONCE_BYTES = 12;
const SECRET_BYTES = 32;
const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const i2osp2 = (n: number) => new Uint8Array([n >> 8, n & 0xff]);
const KEM_SUITE = concat(utf8.encode('KEM'), i2osp2(KEM_ID));
const HPKE_SUITE = concat(utf8.encode('HPKE'), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID));
const VERSION_LABEL = utf8.encode('HPKE-v1');

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  // An empty HKDF salt means HashLen zero bytes (RFC 5869); HMAC pads keys with zeros, so they agree.
  const raw = key.length === 0 ? new Uint8Array(SECRET_BYTES) : key;
  const hmacKey = await subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', hmacKey, data as Uint8Array<ArrayBuffer>));
}

/** LabeledExtract(salt, label, ikm) of RFC 9180 §4. */
function labeledExtract(suite: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Promise<Uint8Array> {
  return hmac(salt, concat(VERSION_LABEL, suite, utf8.encode(label), ikm));
}

/** LabeledExpand(prk, label, info, L) of RFC 9180 §4 (HKDF-Expand, L ≤ 255 × 32). */
async function labeledExpand(suite: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number): Promise<Uint8Array> {
  const labeledInfo = concat(i2osp2(length), VERSION_LABEL, suite, utf8.encode(label), info);
  const out = new Uint8Array(length);
  let block: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    block = await hmac(prk, concat(block, labeledInfo, new Uint8Array([i])));
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

/** An ephemeral sender key pair; tests pass the RFC's fixed one, sealing makes a fresh one. */
export interface EphemeralKey {
  privateKey: CryptoKey;
  /** The 65-byte uncompressed public point (the `enc` sent to the recipient). */
  publicRaw: Uint8Array;
}

/** A fresh ephemeral P-256 key pair from the platform CSPRNG. */
export async function generateEphemeralKey(): Promise<EphemeralKey> {
  const pair = await subtle().generateKey(P256, true, ['deriveBits']);
  return { privateKey: pair.privateKey, publicRaw: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)) };
}

/** Imports a recipient public key (65-byte uncompressed P-256 point); rejects an invalid point. */
export function importRecipientKey(raw: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, P256, false, []);
}

/** Encap(pkR) of DHKEM(P-256, HKDF-SHA256), RFC 9180 §4.1: the enc and the KEM shared secret. */
export async function encapsulate(recipientRaw: Uint8Array, ephemeral?: EphemeralKey): Promise<{ enc: Uint8Array; sharedSecret: Uint8Array }> {
  const recipient = await importRecipientKey(recipientRaw);
  const e = ephemeral ?? (await generateEphemeralKey());
  const dh = new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: recipient }, e.privateKey, 256));
  const kemContext = concat(e.publicRaw, recipientRaw);
  const prk = await labeledExtract(KEM_SUITE, new Uint8Array(0), 'eae_prk', dh);
  return { enc: e.publicRaw, sharedSecret: await labeledExpand(KEM_SUITE, prk, 'shared_secret', kemContext, SECRET_BYTES) };
}

/** KeyScheduleS for mode_base (RFC 9180 §5.1): the AEAD key and base nonce. */
export async function keySchedule(sharedSecret: Uint8Array, info: Uint8Array): Promise<{ key: Uint8Array; baseNonce: Uint8Array }> {
  const empty = new Uint8Array(0);
  const pskIdHash = await labeledExtract(HPKE_SUITE, empty, 'psk_id_hash', empty);
  const infoHash = await labeledExtract(HPKE_SUITE, empty, 'info_hash', info);
  const context = concat(new Uint8Array([0]), pskIdHash, infoHash);
  const secret = await labeledExtract(HPKE_SUITE, sharedSecret, 'secret', empty);
  return {
    key: await labeledExpand(HPKE_SUITE, secret, 'key', context, KEY_BYTES),
    baseNonce: await labeledExpand(HPKE_SUITE, secret, 'base_nonce', context, NONCE_BYTES),
  };
}

/**
 * SealBase(pkR, info, aad, pt) (RFC 9180 §6.1): single-shot, so sequence number 0 and the nonce
 * is the base nonce. Returns the enc and the ciphertext with its 16-byte tag.
 */
export async function hpkeSeal(
  recipientRaw: Uint8Array,
  info: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
  ephemeral?: EphemeralKey,
): Promise<{ enc: Uint8Array; ct: Uint8Array }> {
  const { enc, sharedSecret } = await encapsulate(recipientRaw, ephemeral);
  const { key, baseNonce } = await keySchedule(sharedSecret, info);
  const aesKey = await subtle().importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt']);
  const ct = await subtle().encrypt(
    { name: 'AES-GCM', iv: baseNonce as Uint8Array<ArrayBuffer>, additionalData: aad as Uint8Array<ArrayBuffer> },
    aesKey,
    plaintext as Uint8Array<ArrayBuffer>,
  );
  return { enc, ct: new Uint8Array(ct) };
}
