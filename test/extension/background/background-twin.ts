// Test wiring for the background: the real handlers, vault and idb code (on fake-indexeddb), with
// in-memory storage areas and recorded alarms instead of the browser's. Not a test file itself.
import 'fake-indexeddb/auto';
import { createHandlers, type BackgroundDeps, type ImportAccounts } from '../../../extension/background/handlers';
import { importAccounts } from '../../../extension/background/import';
import { routeMessage, type SenderInfo } from '../../../extension/background/router';
import { memoryArea, sessionKeyStore, type KeyValueArea } from '../../../extension/background/session';
import type { SyncArea } from '../../../extension/background/sync/engine';
import { afterUnlock, observeVaultStorage, onVaultChanged, unlockObserved } from '../../../extension/background/vault-changes';
import { openVaultStorage } from '../../../extension/background/vault-db';
import type { MessageType, Reply, RequestOf, ResponseOf } from '../../../extension/messages';

/** The extension identity used by the twin. */
export const SELF = { id: 'twofold-test-id', origin: 'chrome-extension://twofold-test-id' };
/** A sender that is the extension's popup. */
export const POPUP: SenderInfo = { id: SELF.id, url: `${SELF.origin}/popup.html` };
/** A sender that is our content script on `url`. */
export const contentScript = (url: string): SenderInfo => ({ id: SELF.id, url, tab: { id: 7, url, windowId: 1 } });

let counter = 0;

/** A background over fresh storage; `send` goes through the real router. */
export function makeBackground(
  options: { importAccounts?: ImportAccounts; qrText?: string; pageUrl?: string; now?: () => number; syncArea?: SyncArea; kdfIterations?: number } = {},
) {
  const sessionArea = memoryArea();
  const local: KeyValueArea = memoryArea();
  const alarms: (number | null)[] = [];
  // The browser's tabs as the bind handlers see them (tab id → URL), and what they asked of tabs.
  const tabs = new Map<number, string>();
  const bindWindows: number[] = [];
  const tabMessages: [number, unknown][] = [];
  // Named alarms (automatic backup) and downloaded files, as the background asked for them.
  const namedAlarms = new Map<string, unknown>();
  const downloads: { fileName: string; text: string }[] = [];
  const deps: BackgroundDeps = {
    // Wired as index.ts wires it: vault writes and unlocks notify the automatic backup and sync.
    storage: observeVaultStorage(openVaultStorage(`background-test-${++counter}-${Date.now()}`), () => onVaultChanged(deps)),
    session: unlockObserved(sessionKeyStore(sessionArea), () => afterUnlock(deps)),
    alarms: { create: async (name, info) => void namedAlarms.set(name, info), clear: async (name) => namedAlarms.delete(name) },
    downloadFile: async (fileName, text) => void downloads.push({ fileName, text }),
    syncArea: options.syncArea ?? memorySyncArea(),
    ...(options.kdfIterations ? { kdfIterations: options.kdfIterations } : {}),
    local,
    scheduleAutoLock: async (minutes) => void alarms.push(minutes),
    captureVisibleTab: async () => ({ dataUrl: 'data:image/png;base64,', ...(options.pageUrl ? { pageUrl: options.pageUrl } : {}) }),
    decodeQr: async () => options.qrText ?? '',
    importAccounts: options.importAccounts ?? importAccounts,
    scheduleClipboardClear: async () => void alarms.push(-1),
    tabUrl: async (tabId) => tabs.get(tabId),
    openBindWindow: async (tabId) => void bindWindows.push(tabId),
    notifyTab: async (tabId, message) => void tabMessages.push([tabId, message]),
    now: options.now ?? (() => Date.now()),
  };
  const handlers = createHandlers(deps);
  async function raw(message: unknown, sender: SenderInfo = POPUP): Promise<Reply<MessageType> | undefined> {
    return routeMessage(handlers, message, sender, SELF);
  }
  async function send<T extends MessageType>(request: RequestOf<T>, sender: SenderInfo = POPUP): Promise<ResponseOf<T>> {
    const reply = (await raw(request, sender)) as Reply<T> | undefined;
    if (!reply) throw new Error('dropped');
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.result;
  }
  return { deps, handlers, raw, send, sessionArea, local, alarms, tabs, bindWindows, tabMessages, namedAlarms, downloads };
}

/** An in-memory storage.sync; pass one to two backgrounds to share it (the sync tests' relay). */
export function memorySyncArea(): SyncArea & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async () => Object.fromEntries([...items].map(([k, v]) => [k, structuredClone(v)])),
    set: async (values) => {
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    remove: async (keys) => {
      for (const k of keys) items.delete(k);
    },
  };
}
