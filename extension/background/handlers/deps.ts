/**
 * What the handlers need from the outside world, behind small interfaces: the vault's IndexedDB,
 * the session key store, storage.local, alarms, the tab screenshot and the importers. index.ts wires
 * the real browser APIs; tests pass the same modules on fake-indexeddb and in-memory areas.
 */
import type { Alarms } from 'webextension-polyfill';
import type { PageQrImages } from '../../content/qr-collect';
import type { Account } from '../../account';
import type { TabMessage } from '../../messages';
import type { SyncArea } from '../sync/engine';
import type { KeyValueArea, SessionKeyStore } from '../session';
import type { VaultStorage } from '../vault-db';

/** Signature of the importers' entry point (extension/background/import). */
export type ImportAccounts = (
  fileName: string,
  data: string | Uint8Array,
  password?: string,
) => Promise<{ accounts: Account[]; skipped: { entry: string; reason: string }[] }>;

/** The part of the alarms API the background uses: the auto-lock alarm (autolock.ts) and the backup's (background/backup/). */
export interface AlarmsApi {
  create(name: string, info: Alarms.CreateAlarmInfoType): void | Promise<void>;
  clear(name: string): Promise<boolean>;
}

/** The background's dependencies. */
export interface BackgroundDeps {
  storage: VaultStorage;
  session: SessionKeyStore;
  /** storage.local: settings only, never secrets. */
  local: KeyValueArea;
  /** Schedules (or cancels) the auto-lock alarm. */
  scheduleAutoLock(minutes: number | null): Promise<void>;
  /** Screenshot of the active tab of the sender's window plus that tab's URL (for site binding). */
  captureVisibleTab(windowId?: number): Promise<{ dataUrl: string; pageUrl?: string }>;
  /** Decodes a QR code from a screenshot data URL. */
  decodeQr(dataUrl: string): Promise<string>;
  /** The QR-sized images of the active tab's page (content script, top frame), for a code not fully on screen; absent: screenshot only. */
  pageQrImages?(windowId?: number): Promise<PageQrImages & { pageUrl?: string }>;
  importAccounts: ImportAccounts;
  /** The URL of tab `tabId` as the browser has it (the bind window's only source of the page's site); undefined when gone. */
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Opens (or focuses) the extension's bind window for tab `tabId` (otp-handlers). */
  openBindWindow(tabId: number): Promise<void>;
  /** Tells tab `tabId`'s content scripts something (e.g. an account was bound); never rejects. */
  notifyTab(tabId: number, message: TabMessage): Promise<void>;
  /** Arms the alarm that clears the clipboard (CLIPBOARD_CLEAR_MINUTES from now) if it still holds `copied`. */
  scheduleClipboardClear(copied: string): Promise<void>;
  /** Named alarms beyond auto-lock: the automatic backup's schedule and debounce (background/backup/). */
  alarms: AlarmsApi;
  /** Writes `text` to `fileName` in the downloads folder, replacing a file of that name (the automatic backup). */
  downloadFile(fileName: string, text: string): Promise<void>;
  /** storage.sync, for encrypted sync (background/sync/); the tests share one between two backgrounds. */
  syncArea: SyncArea;
  /** PBKDF2 iterations for new vaults and backups (≥ 600,000; tests may raise, never lower). */
  kdfIterations?: number;
  now(): number;
}
