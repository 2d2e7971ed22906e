/**
 * Auto-lock: an alarm re-armed on every user action in the extension's pages; when it fires (idle
 * for the configured minutes) the session key is dropped. Alarms survive service-worker eviction,
 * unlike timers. On browser start the session is cleared too (storage.session already is; this also
 * covers the in-memory fallback).
 */
import type { Request } from '../messages';
import type { AlarmsApi, BackgroundDeps } from './handlers/deps';
import { readSettings } from './session';

/** Name of the clipboard-clearing alarm (see clipboard.ts). */
export const CLIPBOARD_ALARM = 'twofold.clipboard';

/** Name of the auto-lock alarm. */
export const AUTO_LOCK_ALARM = 'twofold.autolock';

/** What the background does when one of its alarms fires: lock (drop the key) or clear the clipboard. */
export async function onAlarm(name: string, actions: { lock(): Promise<void>; clearClipboard(): Promise<unknown> }): Promise<void> {
  if (name === AUTO_LOCK_ALARM) await actions.lock();
  else if (name === CLIPBOARD_ALARM) await actions.clearClipboard();
}

/**
 * Re-arms auto-lock after a user action in an extension page while the vault is unlocked. A popup's
 * timer refresh (`accounts.list` with `passive`) is not a user action and does not keep it open.
 */
export async function rearmOnActivity(request: Request, deps: Pick<BackgroundDeps, 'session' | 'local' | 'scheduleAutoLock'>): Promise<void> {
  if (request.type === 'accounts.list' && request.passive) return;
  if (await deps.session.has()) await deps.scheduleAutoLock((await readSettings(deps.local)).autoLockMinutes);
}

/** Arms (minutes) or cancels (null) the auto-lock alarm. */
export async function scheduleAutoLock(alarms: AlarmsApi, minutes: number | null): Promise<void> {
  if (minutes === null) await alarms.clear(AUTO_LOCK_ALARM);
  else await alarms.create(AUTO_LOCK_ALARM, { delayInMinutes: minutes });
}
