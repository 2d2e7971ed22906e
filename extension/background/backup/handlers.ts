/** The options page's automatic-backup messages (UI tier): settings, configure, back up now. */
import { TwofoldError } from '../../../sdk/protocol/errors';
import type { HandlerMap } from '../router';
import type { BackgroundDeps } from '../handlers/deps';
import { requireKey, requireKeyAgain } from '../handlers/common';
import { autoBackupView, configureAutoBackup, runAutoBackup } from './auto-backup';

type AutoBackupHandlers = Pick<HandlerMap, 'backup.settings' | 'backup.configure' | 'backup.runNow'>;

/** The automatic-backup handlers over `deps`. */
export function autoBackupHandlers(deps: BackgroundDeps): AutoBackupHandlers {
  return {
    'backup.settings': () => autoBackupView(deps),
    async 'backup.configure'(request) {
      // A new backup password needs the vault passphrase again, as a manual export does: otherwise
      // anyone at an unlocked browser could have every secret written to a file under their password.
      const key = request.password !== undefined ? await requireKeyAgain(deps, request.passphrase ?? '') : await requireKey(deps);
      await configureAutoBackup(deps, key, request.schedule, request.password);
      // The first file is written at once, so the user sees where it goes and that it works.
      if (request.schedule !== 'off') await runAutoBackup(deps);
      return autoBackupView(deps);
    },
    async 'backup.runNow'() {
      await requireKey(deps);
      if ((await runAutoBackup(deps)) === 'off') {
        throw new TwofoldError('backup_off', 'Automatic backup is off: choose a schedule and a backup password first.', { status: 409 });
      }
      return autoBackupView(deps);
    },
  };
}
