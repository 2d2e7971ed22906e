import { describe, expect, it } from 'vitest';
import { BACKUP_STALE_DAYS, backupReminder } from '../../../extension/backup-reminder';
import { makeBackground } from './background-twin';

const DAY = 86_400_000;

describe('backup reminder', () => {
  it('reminds when there is no backup or it is older than 30 days, and only with accounts', () => {
    const now = 1_800_000_000_000;
    expect(backupReminder(null, now, 0)).toBeNull();
    expect(backupReminder(null, now, 3)).toEqual({ kind: 'never' });
    expect(backupReminder(now - BACKUP_STALE_DAYS * DAY, now, 3)).toBeNull();
    expect(backupReminder(now - 45 * DAY, now, 3)).toEqual({ kind: 'stale', days: 45 });
  });

  it('backup.status is null until an encrypted backup is exported, then its time', async () => {
    let now = 1_800_000_000_000;
    const bg = makeBackground({ now: () => now });
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    expect(await bg.send({ type: 'backup.status' })).toEqual({ lastBackupAt: null });
    await bg.local.set({ lastBackupAt: 'garbage' });
    expect(await bg.send({ type: 'backup.status' })).toEqual({ lastBackupAt: null });
    now += 1000;
    await bg.send({ type: 'accounts.exportBackup', password: 'a long backup password', passphrase: 'correct horse battery' });
    expect(await bg.send({ type: 'backup.status' })).toEqual({ lastBackupAt: now });
    // A refused export (wrong passphrase) records nothing.
    now += 1000;
    await expect(bg.send({ type: 'accounts.exportBackup', password: 'a long backup password', passphrase: 'wrong' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    expect(await bg.send({ type: 'backup.status' })).toEqual({ lastBackupAt: now - 1000 });
  });
});
