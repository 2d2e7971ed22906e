// A device key as the SDK keeps one (ECDSA P-256, private half non-extractable), for server tests
// that seal reports with a device proof (sdk/protocol/device-proof.ts).
import { deviceKeyIdOf, signDeviceProof, type DeviceProof, type DeviceProofBinding } from '../../../../sdk/protocol/device-proof';

/** A device's key pair and its id. */
export interface TestDeviceKey {
  privateKey: CryptoKey;
  publicKeyRaw: Uint8Array;
  keyId: string;
  /** The `prove` option of sealReport for this key. */
  prove: (binding: DeviceProofBinding) => Promise<DeviceProof>;
}

/** A fresh device key, as the SDK creates after consent. */
export async function createTestDeviceKey(): Promise<TestDeviceKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const publicKeyRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const keys = { privateKey: pair.privateKey, publicKeyRaw };
  return { ...keys, keyId: await deviceKeyIdOf(publicKeyRaw), prove: (binding) => signDeviceProof(keys, binding) };
}
