/**
 * Checking a sealed report's device proof (format: sdk/protocol/device-proof.ts) against what the
 * server opened: the authenticated header's nonce, site and origin and the report as sealed. The
 * result goes on the attempt: `valid` with the key id, or `invalid` / `missing` — both counted as
 * a device the account has never proven (new-device rule). A proof is not looked at when the
 * report states no consent: the SDK holds no key then.
 */
import * as v from 'valibot';
import { verifyDeviceProof } from '../../protocol/device-proof';
import { DeviceProofSchema } from '../../protocol/device-proof-schema';
import type { LoginAttempt } from './types';

/** What the envelope brought, as `unsealWithHeader` returns it. */
export interface ProofInput {
  header: { nonce: string; site: string; origin: string };
  reportJson: string;
  proof?: unknown;
}

/** The proof's verdict: the key id when its signature holds. */
export type DeviceProofResult = { status: 'valid'; keyId: string } | { status: 'invalid' | 'missing' };

/** Verifies the proof of an opened envelope. Never throws: a malformed proof is `invalid`. */
export async function checkDeviceProof(opened: ProofInput): Promise<DeviceProofResult> {
  if (opened.proof === undefined || opened.proof === null) return { status: 'missing' };
  const proof = v.safeParse(DeviceProofSchema, opened.proof);
  if (!proof.success) return { status: 'invalid' };
  const keyId = await verifyDeviceProof(proof.output, {
    nonce: opened.header.nonce,
    site: opened.header.site,
    origin: opened.header.origin,
    reportJson: opened.reportJson,
  });
  return keyId ? { status: 'valid', keyId } : { status: 'invalid' };
}

/** Puts the verdict on an attempt built from the same report (only when it states consent). */
export function applyDeviceProof(attempt: LoginAttempt, result: DeviceProofResult): LoginAttempt {
  if (attempt.consent !== true) return attempt;
  attempt.deviceProof = result.status;
  if (result.status === 'valid') attempt.deviceKeyId = result.keyId;
  return attempt;
}
