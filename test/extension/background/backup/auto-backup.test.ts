// Automatic encrypted backup through the real handlers (extension/background/backup/): the manual
// export's format written to one fixed file, on enabling, after changes (debounced) and on the
// schedule; postponed while locked; restorable into an empty vault with the backup password only.
import { describe, expect, it } from 'vitest';
import { decryptBackup } from '../../../../extension/background/backup';
import { AUTO_BACKUP_FILE, BACKUP_CHANGE_ALARM, BACKUP_SCHEDULE_ALARM, backupDue, onBackupAlarm } from '../../../../extension/background/backup/auto-backup';
import { downloadText, type DownloadsApi } from '../../../../extension/background/backup/download';
import { syncIdle } from '../../../../extension/background/sync/engine';
import { makeBackground } from '../background-twin';

const PASSPHRASE = 'correct horse battery staple';
const BACKUP_PASSWORD = 'a separate backup password';
const DAY = 86_400_000;

describe('automatic backup', () => {
  it('is due when never made or older than the period; never when off', () => {
    const now = 1_800_000_000_000;
    expect(backupDue('off', null, now)).toBe(false);
    expect(backupDue('daily', null, now)).toBe(true);
    expect(backupDue('daily', now - DAY + 1, now)).toBe(false);
    expect(backupDue('daily', now - DAY, now)).toBe(true);
    expect(backupDue('weekly', now - 6 * DAY, now)).toBe(false);
    expect(backupDue('weekly', now - 7 * DAY, now)).toBe(true);
  });

  it('needs the vault passphrase to set a backup password, and a password to turn on', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: PASSPHRASE });
    await expect(bg.send({ type: 'backup.configure', schedule: 'daily' })).rejects.toMatchObject({ code: 'backup_password_needed' });
    await expect(bg.send({ type: 'backup.configure', schedule: 'daily', password: BACKUP_PASSWORD, passphrase: 'wrong one' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    await expect(bg.send({ type: 'backup.runNow' })).rejects.toMatchObject({ code: 'backup_off' });
    expect(bg.downloads).toEqual([]);
    expect(await bg.send({ type: 'backup.settings' })).toMatchObject({ schedule: 'off', hasPassword: false, lastBackupAt: null });
  });

  it('writes the export format to one file at once, after changes (debounced), on schedule, and after an unlock when due while locked', async () => {
    let now = 1_800_000_000_000;
    const bg = makeBackground({ now: () => now });
    await bg.send({ type: 'vault.create', passphrase: PASSPHRASE });
    await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' });
    const view = await bg.send({ type: 'backup.configure', schedule: 'daily', password: BACKUP_PASSWORD, passphrase: PASSPHRASE });
    expect(view).toEqual({ schedule: 'daily', hasPassword: true, lastBackupAt: now, fileName: AUTO_BACKUP_FILE });
    expect(bg.namedAlarms.get(BACKUP_SCHEDULE_ALARM)).toEqual({ periodInMinutes: 1440, delayInMinutes: 1440 });
    expect(bg.downloads.map((d) => d.fileName)).toEqual(['Twofold/twofold-backup.json']);
    const first = await decryptBackup(bg.downloads[0]!.text, BACKUP_PASSWORD);
    expect(first.accounts.map((a) => [a.issuer, a.secret, a.sites])).toEqual([['GitHub', 'JBSWY3DPEHPK3PXP', []]]);
    expect(await bg.send({ type: 'backup.status' })).toEqual({ lastBackupAt: now }); // the popup's reminder reads this
    // The password is nowhere in storage.local; the file key only sealed.
    expect(JSON.stringify(await bg.local.get('twofold.autoBackup'))).not.toContain(BACKUP_PASSWORD);

    // A change re-arms the one-minute debounce; when it fires, the file has the change.
    bg.namedAlarms.delete(BACKUP_CHANGE_ALARM);
    await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Proton:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Proton' });
    await syncIdle();
    expect(bg.namedAlarms.get(BACKUP_CHANGE_ALARM)).toEqual({ delayInMinutes: 1 });
    now += 60_000;
    await onBackupAlarm(BACKUP_CHANGE_ALARM, bg.deps);
    expect(bg.downloads).toHaveLength(2);
    expect((await decryptBackup(bg.downloads[1]!.text, BACKUP_PASSWORD)).accounts.map((a) => a.issuer).sort()).toEqual(['GitHub', 'Proton']);

    // Due while locked: nothing written, and the next unlock writes it.
    await bg.send({ type: 'vault.lock' });
    now += DAY;
    await onBackupAlarm(BACKUP_SCHEDULE_ALARM, bg.deps);
    expect(bg.downloads).toHaveLength(2);
    await bg.send({ type: 'vault.unlock', passphrase: PASSPHRASE });
    await syncIdle();
    // The unlock's follow-up runs after its answer (an encryption with the backup's KDF): poll for it,
    // up to 20 s, as a loaded CI machine may need more than a few seconds for it.
    for (let i = 0; i < 400 && bg.downloads.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bg.downloads).toHaveLength(3);
    expect((await bg.send({ type: 'backup.settings' })).lastBackupAt).toBe(now);
    // The schedule's alarm is armed again after the unlock (a restart may have dropped it), a period after this backup.
    for (let i = 0; i < 400 && (bg.namedAlarms.get(BACKUP_SCHEDULE_ALARM) as { delayInMinutes?: number })?.delayInMinutes !== 1440; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(bg.namedAlarms.get(BACKUP_SCHEDULE_ALARM)).toEqual({ periodInMinutes: 1440, delayInMinutes: 1440 });

    // Off: alarms cleared, nothing more written.
    await bg.send({ type: 'backup.configure', schedule: 'off' });
    expect(bg.namedAlarms.has(BACKUP_SCHEDULE_ALARM)).toBe(false);
    await onBackupAlarm(BACKUP_SCHEDULE_ALARM, bg.deps);
    expect(bg.downloads).toHaveLength(3);
  }, 60_000);

  it('a write the browser interrupts is a failed backup, shown in the settings, not a success', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: PASSPHRASE });
    await bg.send({ type: 'backup.configure', schedule: 'daily', password: BACKUP_PASSWORD, passphrase: PASSPHRASE });
    const before = (await bg.send({ type: 'backup.status' })).lastBackupAt;
    // The real downloadText over a browser whose disk is full.
    const diskFull: DownloadsApi = {
      download: async () => 7,
      search: async () => [{ state: 'interrupted', error: 'FILE_NO_SPACE' }],
      erase: async () => [],
      onChanged: { addListener: () => undefined, removeListener: () => undefined },
    };
    bg.deps.downloadFile = (fileName, text) => downloadText(diskFull, fileName, text);
    await expect(bg.send({ type: 'backup.runNow' })).rejects.toMatchObject({ code: 'backup_failed', message: expect.stringContaining('FILE_NO_SPACE') });
    expect((await bg.send({ type: 'backup.settings' })).lastError).toContain('FILE_NO_SPACE');
    expect((await bg.send({ type: 'backup.status' })).lastBackupAt).toBe(before);
  });

  it('the file restores into an empty vault with the backup password; a wrong password or a damaged file is a clear error', async () => {
    // One frozen clock for both: the codes compared below are then of the same 30 s step (on the
    // wall clock, the two lists could straddle a step boundary and show different codes).
    const now = () => 1_800_000_000_000;
    const bg = makeBackground({ now });
    await bg.send({ type: 'vault.create', passphrase: PASSPHRASE });
    await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' });
    await bg.send({ type: 'backup.configure', schedule: 'weekly', password: BACKUP_PASSWORD, passphrase: PASSPHRASE });
    const text = bg.downloads[0]!.text;

    const fresh = makeBackground({ now });
    await fresh.send({ type: 'vault.create', passphrase: 'a brand new passphrase' });
    const restore = (data: string, password: string) =>
      fresh.send({ type: 'accounts.import', fileName: 'twofold-backup.json', data: { kind: 'text', text: data }, password });
    await expect(restore(text, 'not the password')).rejects.toMatchObject({ code: 'wrong_password' });
    // One bit of the ciphertext flipped: always a change (a constant written over it could equal it).
    const file = JSON.parse(text) as { data: string };
    const bytes = Buffer.from(file.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const damaged = JSON.stringify({ ...file, data: bytes.toString('base64') });
    expect((JSON.parse(damaged) as { data: string }).data).not.toBe(file.data);
    await expect(restore(damaged, BACKUP_PASSWORD)).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(restore('{"format":"twofold-backup","version":1}', BACKUP_PASSWORD)).rejects.toMatchObject({ code: 'corrupt_file' });
    expect((await fresh.send({ type: 'accounts.list' })).accounts).toEqual([]);
    expect(await restore(text, BACKUP_PASSWORD)).toEqual({ imported: 1, skipped: [] });
    const [restored] = (await fresh.send({ type: 'accounts.list' })).accounts;
    const [original] = (await bg.send({ type: 'accounts.list' })).accounts;
    expect([restored!.issuer, restored!.code, restored!.sites]).toEqual([original!.issuer, original!.code, original!.sites]);
  }, 60_000);
});
