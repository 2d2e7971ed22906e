/** Handlers for the vault's lifecycle: status, create, unlock, lock and settings. */
import { MIN_PBKDF2_ITERATIONS } from '../crypto';
import { createVault, rewrapVault, unlockVault } from '../vault';
import { readSettings, writeSettings } from '../session';
import type { HandlerMap } from '../router';
import type { BackgroundDeps } from './deps';

type VaultHandlers = Pick<
  HandlerMap,
  'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.changePassphrase' | 'settings.set' | 'clipboard.clearLater'
>;

/** The vault lifecycle handlers over `deps`. */
export function vaultHandlers(deps: BackgroundDeps): VaultHandlers {
  return {
    async 'vault.status'() {
      const [meta, key, settings] = await Promise.all([deps.storage.getMeta(), deps.session.get(), readSettings(deps.local)]);
      const state = !meta ? 'none' : key ? 'unlocked' : 'locked';
      return { state, autoLockMinutes: settings.autoLockMinutes, ...(meta ? { kdfIterations: meta.kdf.iterations } : {}) };
    },
    async 'vault.create'(request) {
      const key = await createVault(deps.storage, request.passphrase, deps.kdfIterations);
      await deps.session.set(key);
      await deps.scheduleAutoLock((await readSettings(deps.local)).autoLockMinutes);
      return { state: 'unlocked' };
    },
    async 'vault.unlock'(request) {
      // unlockVault throws WrongPassphraseError before anything is stored: a wrong passphrase changes nothing.
      const key = await unlockVault(deps.storage, request.passphrase);
      await deps.session.set(key);
      // The KDF parameters live with the vault so they can be raised: a vault made with fewer
      // iterations than this version's target is re-wrapped now, while the passphrase is at hand.
      const target = deps.kdfIterations ?? MIN_PBKDF2_ITERATIONS;
      const meta = await deps.storage.getMeta();
      if (meta && meta.kdf.iterations < target) await rewrapVault(deps.storage, key, request.passphrase, target);
      await deps.scheduleAutoLock((await readSettings(deps.local)).autoLockMinutes);
      return { state: 'unlocked' };
    },
    async 'vault.lock'() {
      await deps.session.clear();
      await deps.scheduleAutoLock(null);
      return { state: 'locked' };
    },
    async 'vault.changePassphrase'(request) {
      // Proves the current passphrase (WrongPassphraseError otherwise, nothing changed), then
      // re-wraps the same vault key: records are not re-encrypted.
      const key = await unlockVault(deps.storage, request.current);
      const iterations = Math.max(deps.kdfIterations ?? MIN_PBKDF2_ITERATIONS, (await deps.storage.getMeta())?.kdf.iterations ?? 0);
      await rewrapVault(deps.storage, key, request.next, iterations);
      await deps.session.set(key);
      return { kdfIterations: iterations };
    },
    async 'settings.set'(request) {
      await writeSettings(deps.local, { autoLockMinutes: request.autoLockMinutes });
      if (await deps.session.has()) await deps.scheduleAutoLock(request.autoLockMinutes);
      return { autoLockMinutes: request.autoLockMinutes };
    },
    async 'clipboard.clearLater'(request) {
      await deps.scheduleClipboardClear(request.copied);
      return { inSeconds: 30 };
    },
  };
}
