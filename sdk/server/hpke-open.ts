/**
 * RFC 9180 HPKE single-shot open, base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM
 * (the suite every `tf1` envelope names), on node:crypto's synchronous primitives. Why not
 * @hpke/core here: under the load bench its open was ~20 % of a server's CPU, most of it WebCrypto
 * overhead (a promise job per primitive, the recipient public key re-serialised and every HMAC key
 * re-imported on each open); this does the same math with the recipient key, its public point and
 * the constant hashes prepared once. The page seals with sdk/protocol/seal-native.ts; the RFC
 * vector and round trips (test/sdk/server/hpke-open.test.ts) hold both to the same bytes.
 */
import { createDecipheriv, createECDH, createHmac, type ECDH } from 'node:crypto';
import { decodeBase64Url } from './base64url';

const utf8 = new TextEncoder();
const i2osp2 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const KEM_SUITE = Buffer.concat([utf8.encode('KEM'), i2osp2(0x0010)]);
const HPKE_SUITE = Buffer.concat([utf8.encode('HPKE'), i2osp2(0x0010), i2osp2(0x0001), i2osp2(0x0001)]);
const VERSION = utf8.encode('HPKE-v1');
const EMPTY = new Uint8Array(0);
const KEY_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const POINT_BYTES = 65;
// An empty HKDF salt is HashLen zero bytes (RFC 5869 §2.2); HMAC pads keys with zeros, so they agree.
const ZERO_SALT = Buffer.alloc(32);
const ONE = Buffer.from([1]);

const hmac = (key: Uint8Array, ...data: Uint8Array[]): Buffer => {
  const mac = createHmac('sha256', key.length === 0 ? ZERO_SALT : key);
  for (const part of data) mac.update(part);
  return mac.digest();
};

/** The constant prefix of a labeled input: "HPKE-v1" ‖ suite ‖ label (RFC 9180 §4), built once per label. */
const labelOf = (suite: Uint8Array, label: string): Buffer => Buffer.concat([VERSION, suite, utf8.encode(label)]);
/** The constant prefix of LabeledExpand's info for L bytes: I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite ‖ label. */
const expandLabelOf = (suite: Uint8Array, label: string, length: number): Buffer => Buffer.concat([i2osp2(length), labelOf(suite, label)]);

// Every label the key schedule uses per message, prepared at load: an open runs five HMACs and no encoding.
const EAE_PRK = labelOf(KEM_SUITE, 'eae_prk');
const SHARED_SECRET = expandLabelOf(KEM_SUITE, 'shared_secret', 32);
const SECRET = labelOf(HPKE_SUITE, 'secret');
const KEY = expandLabelOf(HPKE_SUITE, 'key', KEY_BYTES);
const BASE_NONCE = expandLabelOf(HPKE_SUITE, 'base_nonce', NONCE_BYTES);

/** LabeledExtract(salt, label, ikm) of RFC 9180 §4, with the label's prefix from labelOf. */
const labeledExtract = (salt: Uint8Array, label: Buffer, ikm: Uint8Array) => hmac(salt, label, ikm);

/** LabeledExpand(prk, label, info, L) of RFC 9180 §4 for L ≤ 32 (one HKDF-Expand block), with the prefix from expandLabelOf. */
const labeledExpand = (prk: Uint8Array, label: Buffer, info: Uint8Array, length: number) => hmac(prk, label, info, ONE).subarray(0, length);

/** A recipient prepared for opening: its ECDH key, public point and per-`info` key schedule context. */
export interface HpkeRecipient {
  readonly ecdh: ECDH;
  readonly publicPoint: Buffer;
  readonly contexts: Map<string, Buffer>;
}

/** Prepares the recipient of a 32-byte P-256 private scalar (throws for one that is not a valid scalar). */
export function hpkeRecipient(privateScalar: Uint8Array): HpkeRecipient {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateScalar);
  return { ecdh, publicPoint: ecdh.getPublicKey(), contexts: new Map() };
}

/** The base-mode key schedule context of `info` (RFC 9180 §5.1), kept in `contexts` (at most 8: one per `info` a caller uses). */
export function keyScheduleContext(contexts: Map<string, Buffer>, info: Uint8Array): Buffer {
  const id = Buffer.from(info.buffer, info.byteOffset, info.byteLength).toString('latin1');
  let context = contexts.get(id);
  if (!context) {
    const pskIdHash = labeledExtract(EMPTY, labelOf(HPKE_SUITE, 'psk_id_hash'), EMPTY);
    const infoHash = labeledExtract(EMPTY, labelOf(HPKE_SUITE, 'info_hash'), info);
    context = Buffer.concat([Buffer.from([0]), pskIdHash, infoHash]);
    if (contexts.size < 8) contexts.set(id, context);
  }
  return context;
}

/**
 * The AEAD key and base nonce of one message (sequence 0): the shared secret from the DH output,
 * `enc` and the recipient's public point (Encap/Decap, RFC 9180 §4.1), then KeySchedule (§5.1) in
 * base mode (psk and psk_id empty). Sealing and opening share it; only where `dh` comes from differs.
 */
export function hpkeKeyAndNonce(dh: Uint8Array, enc: Uint8Array, recipientPoint: Uint8Array, context: Buffer): { key: Buffer; nonce: Buffer } {
  const eaePrk = labeledExtract(EMPTY, EAE_PRK, dh);
  // kem_context = enc ‖ pkRm, passed as two HMAC updates instead of concatenated.
  const sharedSecret = hmac(eaePrk, SHARED_SECRET, enc, recipientPoint, ONE);
  const secret = labeledExtract(sharedSecret, SECRET, EMPTY);
  return {
    key: labeledExpand(secret, KEY, context, KEY_BYTES),
    nonce: labeledExpand(secret, BASE_NONCE, context, NONCE_BYTES),
  };
}

/**
 * Opens `ct` (AES-128-GCM ciphertext and tag) sealed to `recipient` with encapsulated key `enc`,
 * `info` and `aad` (sequence 0). Throws when anything does not authenticate or `enc` is not a point.
 */
export function hpkeOpen(recipient: HpkeRecipient, enc: Uint8Array, info: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
  if (enc.length !== POINT_BYTES || ct.length < TAG_BYTES) throw new Error('HPKE: malformed encapsulated key or ciphertext');
  // Decap (RFC 9180 §4.1): computeSecret rejects a point that is not on the curve.
  const dh = recipient.ecdh.computeSecret(enc);
  const { key, nonce } = hpkeKeyAndNonce(dh, enc, recipient.publicPoint, keyScheduleContext(recipient.contexts, info));
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
  return Buffer.concat([decipher.update(ct.subarray(0, ct.length - TAG_BYTES)), decipher.final()]);
}

const recipients = new Map<string, HpkeRecipient>();

/** The recipient of a site's base64url private key (`SiteKeys.privateKey`), prepared once per key (a server holds one or two). */
export function hpkeRecipientOf(privateKey: string): HpkeRecipient {
  let recipient = recipients.get(privateKey);
  if (!recipient) {
    const scalar = decodeBase64Url(privateKey);
    if (!scalar) throw new Error('HPKE: the private key is not base64url');
    recipient = hpkeRecipient(scalar);
    if (recipients.size >= 8) recipients.clear();
    recipients.set(privateKey, recipient);
  }
  return recipient;
}
