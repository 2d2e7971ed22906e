/**
 * The popup's backup reminder (uninstalling the extension loses a vault that was never
 * backed up). The background records when an encrypted backup was last exported (in storage.local:
 * a time, not a secret); the popup reminds when there is none or it is older than 30 days.
 */
import type { KeyValueArea } from './background/session';

/** storage.local key of the last encrypted backup's time (Unix ms). */
export const LAST_BACKUP_KEY = 'lastBackupAt';
/** A backup older than this is stale. */
export const BACKUP_STALE_DAYS = 30;
const DAY_MS = 86_400_000;

/** What the popup says about backups, if anything. */
export type BackupReminder = { kind: 'never' } | { kind: 'stale'; days: number } | null;

/** Null when there is nothing to back up or the last backup is recent enough. */
export function backupReminder(lastBackupAt: number | null, nowMs: number, accountCount: number): BackupReminder {
  if (accountCount === 0) return null;
  if (lastBackupAt === null) return { kind: 'never' };
  const days = Math.floor((nowMs - lastBackupAt) / DAY_MS);
  return days > BACKUP_STALE_DAYS ? { kind: 'stale', days } : null;
}

/** Records that an encrypted backup was made at `nowMs`. */
export async function recordBackup(local: KeyValueArea, nowMs: number): Promise<void> {
  await local.set({ [LAST_BACKUP_KEY]: nowMs });
}

/** When the last encrypted backup was made, or null (never, or an unreadable value). */
export async function lastBackup(local: KeyValueArea): Promise<number | null> {
  const value = (await local.get(LAST_BACKUP_KEY))[LAST_BACKUP_KEY];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
