import { featureKey, type FeatureValue } from '../../store/types';
import { DEVICE_EVENT_READS, describeRate, unprovenDeviceRate } from '../device-history';
import type { Reason, RiskRule, RuleInput, RuleOutcome } from '../types';

/*
 * Ratios of the device rule. The first-party device id is a random value the SDK stored on this
 * device after consent: seeing it again is strong evidence of the same device (it cannot be
 * guessed), so it lowers the score like a remembered-device cookie. The FingerprintJS visitor id
 * is weaker (it can collide and drift between browser versions), so it moves the score less.
 */
/** Score factor for a device id seen before for this account. */
export const KNOWN_DEVICE_RATIO = 0.25;
/** Score factor for a visitor id (fingerprint) seen before when no device id vouches. */
export const KNOWN_VISITOR_RATIO = 0.5;
/** Score factor for a visitor id never seen, when the SDK sent no device id. */
export const NEW_VISITOR_RATIO = 2;

/** Score factor for a signature by a device key bound to this account (the decision is also `remembered`). */
export const KNOWN_KEY_RATIO = 1 / 16;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The device proof decides when the service stated it (a consented report it opened): only a
 * valid signature by a key bound to this account, within the remember period, recognises the
 * device. Device and visitor ids are then no evidence at all — both are values on the client's
 * disk that a page, an extension or malware can copy, and a made-up one is free.
 */
function keyOutcome(input: RuleInput): RuleOutcome {
  const { attempt, deviceKey, profile } = input;
  if (attempt.deviceProof === 'valid' && deviceKey) {
    const days = Math.max(0, Math.round((attempt.time - deviceKey.boundAt) / DAY_MS));
    const since = days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`;
    const detail = `Known device (key): this browser signed with the device key bound to this account at a sign-in that passed ${since}.`;
    return { reasons: [{ feature: 'device', ratio: KNOWN_KEY_RATIO, detail }], remembered: true };
  }
  const detail =
    attempt.deviceProof === 'valid'
      ? "New device key: this browser's device key was never bound to this account by a completed sign-in (or its remember period ended); device and visitor ids get no credit without it."
      : attempt.deviceProof === 'invalid'
        ? 'The device proof did not verify (a signature by another key, or over another report): counted as a device never seen for this account.'
        : 'No device proof although consent was granted: counted as a device never seen for this account (a copied device id gets no credit).';
  const noId = attempt.deviceId ? '' : ' No usable device id was sent either.';
  // An attacker without the key always shows an unproven device; this account does at its learned rate.
  const learned = unprovenDeviceRate(profile);
  const rate = ` New device: ${describeRate(learned, 'a device it had not proven')}`;
  return { reasons: [{ feature: 'device', ratio: learned.ratio, detail: detail + noId + rate }], floor: 'challenge' };
}

/** An unseen device without proofs: the learned ratio of this account's unproven devices. */
function newDeviceReason(input: RuleInput, lead: string): Reason {
  const learned = unprovenDeviceRate(input.profile);
  return { feature: 'device', ratio: learned.ratio, detail: `${lead} ${describeRate(learned, 'a device it had not used before')}` };
}

/** New device: the device proof when stated, else the SDK's device id (and visitor id) against the account's vouching logins. */
export const newDeviceRule: RiskRule = {
  id: 'new-device',
  signals: ['device-id', 'visitor-id'],
  // The account's device history counts, for the learned rate (device-history.ts).
  reads: (attempt) => (attempt.deviceProof !== undefined || attempt.deviceId || attempt.consent === true ? DEVICE_EVENT_READS : []),
  features(attempt) {
    const out: FeatureValue[] = [];
    if (attempt.deviceId) out.push({ feature: 'device-id', value: attempt.deviceId });
    if (attempt.visitorId) out.push({ feature: 'visitor-id', value: attempt.visitorId });
    // Recorded with the login so "this wasn't me" can unbind exactly the key that signed it.
    if (attempt.deviceProof === 'valid' && attempt.deviceKeyId) out.push({ feature: 'device-key', value: attempt.deviceKeyId });
    return out;
  },
  evaluate(input) {
    const { attempt, profile } = input;
    if (attempt.deviceProof !== undefined) return keyOutcome(input);
    const seen = (feature: string, value: string) => profile.user.get(featureKey(feature, value)) ?? 0;
    const deviceSeen = attempt.deviceId ? seen('device-id', attempt.deviceId) : 0;
    const visitorSeen = attempt.visitorId ? seen('visitor-id', attempt.visitorId) : 0;
    let reason: Reason | undefined;
    if (attempt.deviceId && deviceSeen > 0) {
      reason = {
        feature: 'device',
        ratio: KNOWN_DEVICE_RATIO,
        detail: `Known device: this device signed in successfully ${deviceSeen} time${deviceSeen === 1 ? '' : 's'} before.`,
      };
    } else if (attempt.deviceId) {
      reason =
        visitorSeen > 0
          ? { feature: 'device', ratio: 1, detail: 'New device id, but the browser fingerprint was seen before (site storage was probably cleared).' }
          : newDeviceReason(input, 'New device: this device has never signed in to this account;');
    } else if (attempt.consent === true) {
      // Consent granted, yet no usable device id: the SDK sends one with every consented report, and
      // the report is the client's to write, so leaving the id out must never score better than a
      // new device. It counts as an unseen device (a known fingerprint only softens it, as for a new
      // id), and because nothing can recognise such a device, a second factor is the floor.
      reason =
        attempt.visitorId && visitorSeen > 0
          ? {
              feature: 'device',
              ratio: 1,
              detail: 'No usable device id was sent although consent was granted (the browser fingerprint was seen before); the device cannot be recognised.',
            }
          : newDeviceReason(input, 'No usable device id was sent although consent was granted: counted as a device never seen for this account;');
      return { reasons: [reason], floor: 'challenge' };
    } else if (attempt.visitorId) {
      reason =
        visitorSeen > 0
          ? {
              feature: 'device',
              ratio: KNOWN_VISITOR_RATIO,
              detail: `Browser fingerprint seen in ${visitorSeen} earlier sign-in${visitorSeen === 1 ? '' : 's'} (no device id sent).`,
            }
          : { feature: 'device', ratio: NEW_VISITOR_RATIO, detail: 'Browser fingerprint never seen for this account (no device id sent).' };
    }
    return { reasons: reason ? [reason] : [] };
  },
};
