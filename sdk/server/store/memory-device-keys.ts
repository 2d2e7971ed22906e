/** The DeviceKeyStore of the in-memory twin: one record per (account, key id). */
import type { DeviceKeyRecord, DeviceKeyStore, Subject } from './types';

const copy = (key: DeviceKeyRecord): DeviceKeyRecord => ({ ...key });

/** Every field the subject names must match (account and device both, when both are named). */
function matches(key: DeviceKeyRecord, subject: Subject): boolean {
  return (subject.userId === undefined || key.userId === subject.userId) && (subject.deviceId === undefined || key.deviceId === subject.deviceId);
}

/** The in-memory twin's device keys, plus bindDeviceKey without the promise. */
export interface MemoryDeviceKeys extends DeviceKeyStore {
  /** bindDeviceKey in the same synchronous step as the login it comes with (recordLoginUnlessObjected's `bind`). */
  bindNow(key: DeviceKeyRecord): void;
}

/** In-memory device keys with the SQL stores' semantics (checked by the device-key contract). */
export function createMemoryDeviceKeys(): MemoryDeviceKeys {
  // Keyed by account then key id, so a key id bound to two accounts stays two bindings.
  const byUser = new Map<string, Map<string, DeviceKeyRecord>>();
  const all = () => [...byUser.values()].flatMap((keys) => [...keys.values()]);
  const remove = (key: DeviceKeyRecord) => {
    const keys = byUser.get(key.userId);
    keys?.delete(key.keyId);
    if (keys?.size === 0) byUser.delete(key.userId);
  };
  const bindNow = (key: DeviceKeyRecord): void => {
    let keys = byUser.get(key.userId);
    if (!keys) {
      keys = new Map();
      byUser.set(key.userId, keys);
    }
    const existing = keys.get(key.keyId);
    const next = copy(key);
    if (existing) next.boundAt = existing.boundAt;
    if (key.deviceId === undefined) delete next.deviceId;
    keys.set(key.keyId, next);
  };
  return {
    bindNow,
    async bindDeviceKey(key) {
      bindNow(key);
    },
    async readDeviceKey(userId, keyId) {
      const key = byUser.get(userId)?.get(keyId);
      return key ? copy(key) : undefined;
    },
    async listDeviceKeys(subject) {
      return all()
        .filter((key) => matches(key, subject))
        .sort((a, b) => a.boundAt - b.boundAt || a.keyId.localeCompare(b.keyId))
        .map(copy);
    },
    async revokeDeviceKey(userId, keyId) {
      const key = byUser.get(userId)?.get(keyId);
      if (!key) return false;
      remove(key);
      return true;
    },
    async eraseDeviceKeys(subject) {
      const doomed = all().filter((key) => matches(key, subject));
      doomed.forEach(remove);
      return doomed.length;
    },
    async purgeDeviceKeys(before) {
      const doomed = all().filter((key) => key.lastUsedAt < before);
      doomed.forEach(remove);
      return doomed.length;
    },
  };
}
