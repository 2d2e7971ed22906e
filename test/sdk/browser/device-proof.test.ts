// The SDK's device key (sdk/browser/device-proof.ts) over fake-indexeddb and Node's WebCrypto: one
// non-extractable key per database, reused by later sealings, verifiable by the server's check;
// none for a report without a grant (the database is then not even opened); gone with the database.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deviceProofMessage, verifyDeviceProof } from '../../../sdk/protocol/device-proof';
import { getOrCreateDeviceKey, proveDevice } from '../../../sdk/browser/device-proof';
import { DEVICE_DB_NAME } from '../../../sdk/browser/signals/device-db';
import { sampleReport } from '../server/helpers/report';

const binding = (reportJson: string, nonce = 'nonce-0123456789abcdef') => ({ nonce, site: 'example.com', origin: 'https://example.com', reportJson });
const wipe = () =>
  new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(DEVICE_DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });

afterEach(async () => {
  vi.restoreAllMocks();
  await wipe();
});

describe('device proof in the SDK', () => {
  it('signs with one non-extractable key per database, which the server verifies and later sealings reuse', async () => {
    const report = sampleReport();
    const json = JSON.stringify(report);
    const first = await proveDevice(report, binding(json));
    const second = await proveDevice(report, binding(json, 'nonce-fedcba9876543210'));
    expect(first?.key).toBe(second?.key);
    expect(await verifyDeviceProof(first!, binding(json))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Bound to its nonce and report: neither verifies for another.
    expect(await verifyDeviceProof(first!, binding(json, 'nonce-fedcba9876543210'))).toBeUndefined();
    expect(await verifyDeviceProof(first!, binding(json.replace('example.com', 'example.org')))).toBeUndefined();
    const stored = await getOrCreateDeviceKey();
    expect(stored.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', stored.privateKey)).rejects.toThrow();
    expect(new Uint8Array(await deviceProofMessage(binding(json))).length).toBeGreaterThan(60);
  });

  it('racing first sealings agree on one key', async () => {
    const report = sampleReport();
    const proofs = await Promise.all(Array.from({ length: 5 }, () => proveDevice(report, binding(JSON.stringify(report)))));
    expect(new Set(proofs.map((p) => p?.key)).size).toBe(1);
  });

  it('no grant in the receipt: no proof, and IndexedDB is not opened', async () => {
    const report = sampleReport();
    report.receipt.events.push({ state: 'withdrawn', at: new Date().toISOString() } as (typeof report.receipt.events)[number]);
    const open = vi.spyOn(indexedDB, 'open');
    const generate = vi.spyOn(crypto.subtle, 'generateKey');
    expect(await proveDevice(report, binding(JSON.stringify(report)))).toBeUndefined();
    expect(open).not.toHaveBeenCalled();
    expect(generate).not.toHaveBeenCalled();
  });

  it('deleting the database (what revoke() does) deletes the key: the next grant gets a new one', async () => {
    const report = sampleReport();
    const before = await proveDevice(report, binding(JSON.stringify(report)));
    await wipe();
    const after = await proveDevice(report, binding(JSON.stringify(report)));
    expect(after?.key).toBeDefined();
    expect(after?.key).not.toBe(before?.key);
  });
});
