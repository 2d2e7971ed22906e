/** The popup's backup reminder: no encrypted backup yet, or the last is over 30 days old. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { backupReminder } from '../../backup-reminder';
import { send } from '../api';
import { t } from '../i18n';

/** Asks the background once, after the codes are on screen (never in their way). */
export function BackupReminderBanner({ accountCount }: { accountCount: number }) {
  const [lastBackupAt, setLastBackupAt] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    void send({ type: 'backup.status' }).then(
      (s) => setLastBackupAt(s.lastBackupAt),
      () => setLastBackupAt(undefined),
    );
  }, []);
  if (lastBackupAt === undefined) return null;
  const reminder = backupReminder(lastBackupAt, Date.now(), accountCount);
  if (!reminder) return null;
  return (
    <p class="reminder" role="status" data-testid="backup-reminder" data-kind={reminder.kind}>
      {reminder.kind === 'never' ? t('backupNever') : t('backupStale', { n: reminder.days })}{' '}
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('backupNow')}
      </button>
    </p>
  );
}
