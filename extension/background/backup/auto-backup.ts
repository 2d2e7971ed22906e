/**
 * Automatic encrypted backup: on the schedule the user picks (off / daily / weekly) and one minute
 * after the last vault change, the manual export's file (../backup.ts, no second format) is written
 * through the downloads API to one fixed name, overwritten each time.
 *
 * Key design: the user chooses a backup password once, proving the vault passphrase as for a manual
 * export (someone at an unlocked, unattended browser must not be able to point backups at a password
 * they know). The background derives the file key from it right away (PBKDF2 with the format's own
 * salt and iterations) and keeps only that key, sealed under the vault key, in storage.local; the
 * password is never stored. So a backup runs only while the vault is unlocked (reading the accounts
 * needs the vault key anyway): one that falls due while locked runs at the next unlock. Restoring
 * needs only the backup password, like any exported backup.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../../sdk/protocol/errors';
import { recordBackup, lastBackup } from '../../backup-reminder';
import type { AutoBackupView } from '../../messages';
import { encryptBackupWithKey, type BackupAccount } from '../backup';
import { MIN_PBKDF2_ITERATIONS, fromBase64, importVaultKey, newKdfParams, openJson, sealJson, toBase64, type KdfParams } from '../crypto';
import type { AlarmsApi } from '../handlers/deps';
import type { KeyValueArea, SessionKeyStore } from '../session';
import { readEntries } from '../vault';
import type { VaultStorage } from '../vault-db';

/** How often a backup is written besides after changes. */
export type BackupSchedule = AutoBackupView['schedule'];
/** The fixed file, relative to the browser's downloads folder. */
export const AUTO_BACKUP_FILE = 'Twofold/twofold-backup.json';
/** Alarm of the schedule (periodic). */
export const BACKUP_SCHEDULE_ALARM = 'twofold.backup.schedule';
/** Alarm of the debounced backup after a change (re-armed by every change, so it fires after the last). */
export const BACKUP_CHANGE_ALARM = 'twofold.backup.change';
/** Quiet time after the last vault change before the backup is written. */
export const BACKUP_DEBOUNCE_MINUTES = 1;
/** The schedule's period in minutes; null when off. */
export const SCHEDULE_MINUTES: Record<BackupSchedule, number | null> = { off: null, daily: 24 * 60, weekly: 7 * 24 * 60 };

const SETTINGS_KEY = 'twofold.autoBackup';
const KEY_CONTEXT = 'twofold-auto-backup-key-v1';
const sealed = v.object({ iv: v.pipe(v.string(), v.base64()), data: v.pipe(v.string(), v.base64()) });
const SettingsSchema = v.object({
  schedule: v.picklist(['off', 'daily', 'weekly']),
  /** The backup password's PBKDF2 parameters (written into every file) and the derived key, sealed under the vault key. */
  kdf: v.optional(
    v.object({
      name: v.literal('PBKDF2'),
      hash: v.literal('SHA-256'),
      iterations: v.pipe(v.number(), v.integer(), v.minValue(100_000)),
      salt: v.pipe(v.string(), v.base64()),
    }),
  ),
  wrappedKey: v.optional(sealed),
  /** A backup fell due while the vault was locked: write it at the next unlock. */
  pending: v.optional(v.boolean()),
  lastError: v.optional(v.string()),
});
type Settings = v.InferOutput<typeof SettingsSchema>;

/** What the automatic backup needs from the background. */
export interface AutoBackupDeps {
  storage: VaultStorage;
  session: SessionKeyStore;
  local: KeyValueArea;
  alarms: AlarmsApi;
  /** Writes `text` to `fileName` in the downloads folder, replacing an earlier file of that name. */
  downloadFile(fileName: string, text: string): Promise<void>;
  kdfIterations?: number;
  now(): number;
}

/** Whether a scheduled backup is due: never backed up, or the period has passed since the last. */
export function backupDue(schedule: BackupSchedule, lastBackupAt: number | null, nowMs: number): boolean {
  const minutes = SCHEDULE_MINUTES[schedule];
  if (minutes === null) return false;
  return lastBackupAt === null || nowMs - lastBackupAt >= minutes * 60_000;
}

async function readSettings(local: KeyValueArea): Promise<Settings> {
  const parsed = v.safeParse(SettingsSchema, (await local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  return parsed.success ? parsed.output : { schedule: 'off' };
}

const writeSettings = (local: KeyValueArea, settings: Settings) => local.set({ [SETTINGS_KEY]: settings });

/** The settings as the options page sees them (never the key). */
export async function autoBackupView(deps: Pick<AutoBackupDeps, 'local'>): Promise<AutoBackupView> {
  const settings = await readSettings(deps.local);
  return {
    schedule: settings.schedule,
    hasPassword: settings.wrappedKey !== undefined,
    lastBackupAt: await lastBackup(deps.local),
    fileName: AUTO_BACKUP_FILE,
    ...(settings.lastError ? { lastError: settings.lastError } : {}),
  };
}

/** PBKDF2 → the 256 raw bits deriveKek would make into the file key; kept (sealed) so the password need not be. */
async function deriveFileKeyBytes(password: string, kdf: KdfParams): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: kdf.hash, iterations: kdf.iterations, salt: fromBase64(kdf.salt) }, base, 256);
  return new Uint8Array(bits);
}

/**
 * Saves the schedule and, with `password`, a new backup key (the caller has proved the vault
 * passphrase). Turning the schedule on without any backup password is refused with a typed error.
 */
export async function configureAutoBackup(deps: AutoBackupDeps, vaultKey: CryptoKey, schedule: BackupSchedule, password?: string): Promise<void> {
  const settings = await readSettings(deps.local);
  const next: Settings = { ...settings, schedule };
  if (password !== undefined) {
    const kdf = newKdfParams(Math.max(deps.kdfIterations ?? MIN_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS));
    next.kdf = kdf;
    next.wrappedKey = await sealJson(vaultKey, toBase64(await deriveFileKeyBytes(password, kdf)), KEY_CONTEXT);
  }
  if (schedule !== 'off' && !next.wrappedKey) {
    throw new TwofoldError('backup_password_needed', 'Choose a backup password first: automatic backups are encrypted with it, and restoring asks for it.');
  }
  delete next.lastError;
  await writeSettings(deps.local, next);
  const minutes = SCHEDULE_MINUTES[schedule];
  if (minutes === null) {
    await deps.alarms.clear(BACKUP_SCHEDULE_ALARM);
    await deps.alarms.clear(BACKUP_CHANGE_ALARM);
  } else {
    await deps.alarms.create(BACKUP_SCHEDULE_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
  }
}

/** Re-seals the backup key under a new vault key (joining a synced vault replaces the vault key). */
export async function resealBackupKey(local: KeyValueArea, oldKey: CryptoKey, newKey: CryptoKey): Promise<void> {
  const settings = await readSettings(local);
  if (!settings.wrappedKey) return;
  const raw = await openJson(oldKey, settings.wrappedKey, KEY_CONTEXT);
  await writeSettings(local, { ...settings, wrappedKey: await sealJson(newKey, raw, KEY_CONTEXT) });
}

/** Outcome of one attempt: written, postponed to the next unlock, or nothing to do (off). */
export type AutoBackupOutcome = 'written' | 'locked' | 'off';

/**
 * Writes the backup now if it is on and the vault is unlocked; otherwise marks it pending (locked).
 * A failure is recorded for the options page and rethrown as a typed error.
 */
export async function runAutoBackup(deps: AutoBackupDeps): Promise<AutoBackupOutcome> {
  const settings = await readSettings(deps.local);
  if (settings.schedule === 'off' || !settings.wrappedKey || !settings.kdf) return 'off';
  const vaultKey = await deps.session.get();
  if (!vaultKey) {
    await writeSettings(deps.local, { ...settings, pending: true });
    return 'locked';
  }
  try {
    const raw = await openJson(vaultKey, settings.wrappedKey, KEY_CONTEXT);
    if (typeof raw !== 'string') throw new Error('backup key is not a string');
    const fileKey = await importVaultKey(raw);
    const { entries } = await readEntries(deps.storage, vaultKey);
    const accounts: BackupAccount[] = entries.map((e) => ({ ...e.account, sites: e.sites, icon: e.icon }));
    await deps.downloadFile(AUTO_BACKUP_FILE, await encryptBackupWithKey(accounts, fileKey, settings.kdf));
  } catch (cause) {
    const message = `The automatic backup failed (${cause instanceof Error ? cause.message.slice(0, 200) : 'unknown error'}); set the backup password again if this persists.`;
    await writeSettings(deps.local, { ...settings, lastError: message });
    throw new TwofoldError('backup_failed', message, { cause });
  }
  const { pending: _pending, lastError: _lastError, ...rest } = settings;
  await writeSettings(deps.local, rest);
  await recordBackup(deps.local, deps.now());
  return 'written';
}

/** After a vault change: (re)arms the debounce alarm, so the backup follows the last of a burst of changes. */
export async function noteVaultChangeForBackup(deps: Pick<AutoBackupDeps, 'local' | 'alarms'>): Promise<void> {
  if ((await readSettings(deps.local)).schedule === 'off') return;
  await deps.alarms.create(BACKUP_CHANGE_ALARM, { delayInMinutes: BACKUP_DEBOUNCE_MINUTES });
}

/** One of the backup alarms fired: write the backup (or mark it pending while locked). */
export async function onBackupAlarm(name: string, deps: AutoBackupDeps): Promise<void> {
  if (name !== BACKUP_SCHEDULE_ALARM && name !== BACKUP_CHANGE_ALARM) return;
  await runAutoBackup(deps).catch(() => undefined); // recorded in lastError for the options page
}

/**
 * After an unlock: a backup that fell due while locked (pending, or the period passed) is written now,
 * and the schedule's alarm is armed again, due one period after the last backup (browsers may drop
 * alarms on restart: Firefox always does, Chrome "generally" keeps them).
 */
export async function backupAfterUnlock(deps: AutoBackupDeps): Promise<void> {
  const settings = await readSettings(deps.local);
  const period = SCHEDULE_MINUTES[settings.schedule];
  if (period === null) return;
  if (settings.pending || backupDue(settings.schedule, await lastBackup(deps.local), deps.now())) await runAutoBackup(deps).catch(() => undefined);
  const last = (await lastBackup(deps.local)) ?? deps.now();
  const dueIn = Math.max(1, period - Math.floor((deps.now() - last) / 60_000));
  await deps.alarms.create(BACKUP_SCHEDULE_ALARM, { periodInMinutes: period, delayInMinutes: dueIn });
}
