/** backup.status: when the last encrypted backup was exported, for the popup's reminder. */
import { lastBackup } from '../../backup-reminder';
import type { HandlerMap } from '../router';
import type { BackgroundDeps } from './deps';

/** The backup status handler over `deps`. */
export function backupStatusHandlers(deps: BackgroundDeps): Pick<HandlerMap, 'backup.status'> {
  return {
    async 'backup.status'() {
      return { lastBackupAt: await lastBackup(deps.local) };
    },
  };
}
