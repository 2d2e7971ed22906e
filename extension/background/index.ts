/**
 * The background (Chrome: service worker; Firefox: event page). The only place secrets are
 * decrypted. Wires the real browser APIs into the handlers and registers listeners synchronously at
 * start-up, as MV3 requires for events to wake the worker.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { extensionOrigin, sessionArea } from '../platform';
import { CLIPBOARD_ALARM, onAlarm, rearmOnActivity, scheduleAutoLock } from './autolock';
import { CLIPBOARD_CLEAR_MINUTES, clearCopiedCode, rememberCopiedCode } from './clipboard';
import { createHandlers, type BackgroundDeps } from './handlers';
import { importAccounts } from './import';
import { relayFillShortcut } from './otp-handlers';
import { QR_COLLECT_GLOBAL } from '../content/qr-collect';
import { decodeQrFromDataUrl } from './qr';
import { parsePageQrImages } from './qr-scan';
import { routeMessage } from './router';
import { memoryArea, sessionKeyStore, type KeyValueArea } from './session';
import { openVaultStorage } from './vault-db';
import { afterUnlock, observeVaultStorage, onVaultChanged, unlockObserved } from './vault-changes';
import { onBackupAlarm } from './backup/auto-backup';
import { downloadText } from './backup/download';
import { syncNow, type SyncArea } from './sync/engine';

// Fallback only for a browser without storage.session (both targets have it: Chrome 102+,
// Firefox 115+); then the key lives as long as this background page does.
const keyArea: KeyValueArea = sessionArea() ?? memoryArea();
// Chrome's default already keeps storage.session from content scripts; say so explicitly for every
// browser that supports the call (Chrome 102+, Firefox 131+).
void (sessionArea() as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } | undefined)
  ?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
  .catch(() => undefined);

const deps: BackgroundDeps = {
  // Every vault write re-arms the automatic backup and queues a sync run (vault-changes.ts).
  storage: observeVaultStorage(openVaultStorage(), () => onVaultChanged(deps)),
  session: unlockObserved(sessionKeyStore(keyArea), () => afterUnlock(deps)),
  local: browser.storage.local as unknown as KeyValueArea,
  scheduleAutoLock: (minutes) => scheduleAutoLock(browser.alarms, minutes),
  async captureVisibleTab(windowId) {
    const [tab] = await browser.tabs.query(windowId === undefined ? { active: true, currentWindow: true } : { active: true, windowId });
    const dataUrl = await browser.tabs.captureVisibleTab(windowId ?? tab?.windowId, { format: 'png' });
    return tab?.url ? { dataUrl, pageUrl: tab.url } : { dataUrl };
  },
  decodeQr: decodeQrFromDataUrl,
  async pageQrImages(windowId) {
    const [tab] = await browser.tabs.query(windowId === undefined ? { active: true, currentWindow: true } : { active: true, windowId });
    if (tab?.id === undefined) return { images: [], tainted: 0 };
    // Injected now, at the user's request (no page carries the collector otherwise), top frame only.
    // Where injection is refused (browser pages, the store): no images, the screenshot stands alone.
    const target = { tabId: tab.id, frameIds: [0] };
    const reply = await browser.scripting
      .executeScript({ target, files: ['qr-collect.js'] })
      .then(() =>
        browser.scripting.executeScript({
          target,
          func: (name: string) => (globalThis as unknown as Record<string, (doc: Document) => Promise<unknown>>)[name]?.(document),
          args: [QR_COLLECT_GLOBAL],
        }),
      )
      .then((results) => results[0]?.result)
      .catch(() => undefined);
    const images = parsePageQrImages(reply);
    return tab.url ? { ...images, pageUrl: tab.url } : images;
  },
  importAccounts,
  async scheduleClipboardClear(copied) {
    await rememberCopiedCode(keyArea, copied);
    await browser.alarms.create(CLIPBOARD_ALARM, { delayInMinutes: CLIPBOARD_CLEAR_MINUTES });
  },
  tabUrl: (tabId) =>
    browser.tabs.get(tabId).then(
      (tab) => tab.url,
      () => undefined,
    ),
  openBindWindow: (tabId) => openBindWindow(tabId),
  notifyTab: (tabId, message) =>
    browser.tabs.sendMessage(tabId, message).then(
      () => undefined,
      () => undefined,
    ),
  alarms: browser.alarms,
  downloadFile: (fileName, text) => downloadText(browser.downloads, fileName, text),
  syncArea: browser.storage.sync as unknown as SyncArea,
  now: () => Date.now(),
};
const handlers = createHandlers(deps);

// One bind window per tab: asking again focuses it instead of stacking windows.
const bindWindows = new Map<number, number>();
async function openBindWindow(tabId: number): Promise<void> {
  const existing = bindWindows.get(tabId);
  if (existing !== undefined) {
    const focused = await browser.windows.update(existing, { focused: true }).then(
      () => true,
      () => false,
    );
    if (focused) return;
  }
  const created = await browser.windows.create({ url: browser.runtime.getURL(`bind.html?tab=${tabId}`), type: 'popup', width: 440, height: 600 });
  if (created.id !== undefined) bindWindows.set(tabId, created.id);
}
browser.windows.onRemoved.addListener((windowId) => {
  for (const [tabId, id] of bindWindows) if (id === windowId) bindWindows.delete(tabId);
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  routeMessage(
    handlers,
    message,
    sender,
    { id: browser.runtime.id, origin: extensionOrigin() },
    {
      onUiActivity: (request) => rearmOnActivity(request, deps),
    },
  ),
);

// The fill shortcut (commands API) is relayed to the tab's content script (otp-handlers.ts).
browser.commands.onCommand.addListener((command, tab) => relayFillShortcut(command, tab?.id, (id, message) => browser.tabs.sendMessage(id, message)));

browser.alarms.onAlarm.addListener((alarm) => onAlarm(alarm.name, { lock: () => deps.session.clear(), clearClipboard: () => clearCopiedCode(keyArea) }));

// Automatic backup alarms (schedule, debounce after changes); another browser's synced change arriving.
browser.alarms.onAlarm.addListener((alarm) => onBackupAlarm(alarm.name, deps));
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'sync') void syncNow(deps);
});

browser.runtime.onStartup.addListener(async () => {
  await deps.session.clear();
});
