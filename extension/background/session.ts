/**
 * Where the unlocked vault key and the user's settings live between events. The service worker is
 * evicted at any time, so nothing is kept in module globals: the key goes to `storage.session`
 * (memory only, cleared on browser restart, not exposed to content scripts), settings to
 * `storage.local` (no secrets there, ever).
 */
import { exportVaultKey, importVaultKey } from './crypto';

/** The minimal key/value area both `storage.session` and `storage.local` provide. */
export interface KeyValueArea {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string): Promise<void>;
}

/** Holds the vault key while the vault is unlocked. */
export interface SessionKeyStore {
  get(): Promise<CryptoKey | undefined>;
  /** Whether the vault is unlocked, without importing the key (cheap enough for every message). */
  has(): Promise<boolean>;
  set(key: CryptoKey): Promise<void>;
  clear(): Promise<void>;
}

const SESSION_KEY = 'twofold.vaultKey';

/** A SessionKeyStore on a storage area (storage.session in the extension). */
export function sessionKeyStore(area: KeyValueArea): SessionKeyStore {
  return {
    async get() {
      const raw = (await area.get(SESSION_KEY))[SESSION_KEY];
      return typeof raw === 'string' ? importVaultKey(raw) : undefined;
    },
    has: async () => typeof (await area.get(SESSION_KEY))[SESSION_KEY] === 'string',
    async set(key) {
      await area.set({ [SESSION_KEY]: await exportVaultKey(key) });
    },
    clear: () => area.remove(SESSION_KEY),
  };
}

/** An in-memory KeyValueArea: the fallback when a browser has no storage.session, and the tests' twin. */
export function memoryArea(): KeyValueArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (values) => {
      for (const [k, v] of Object.entries(values)) items.set(k, v);
    },
    remove: async (key) => void items.delete(key),
  };
}

/** User settings of the vault (stored in storage.local; contains no secret). */
export interface VaultSettings {
  autoLockMinutes: number;
}

/** Default idle time before the vault locks itself. */
export const DEFAULT_AUTO_LOCK_MINUTES = 15;
const SETTINGS_KEY = 'twofold.settings';

/** Reads settings, filling defaults. */
export async function readSettings(area: KeyValueArea): Promise<VaultSettings> {
  const raw = (await area.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<VaultSettings> | undefined;
  const minutes = raw?.autoLockMinutes;
  return { autoLockMinutes: typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 ? minutes : DEFAULT_AUTO_LOCK_MINUTES };
}

/** Writes settings. */
export async function writeSettings(area: KeyValueArea, settings: VaultSettings): Promise<void> {
  await area.set({ [SETTINGS_KEY]: settings });
}
