/**
 * Browser differences at run time, in one place. Everything else uses webextension-polyfill's
 * `browser` and these helpers.
 */
import browser from 'webextension-polyfill';

/** The extension's own origin, e.g. `chrome-extension://<id>` (no trailing slash). */
export function extensionOrigin(): string {
  return browser.runtime.getURL('').replace(/\/$/, '');
}

/**
 * `storage.session` (in memory, cleared on browser restart, not readable by content scripts by
 * default) when the browser has it: Chrome 102+, Firefox 115+. Undefined elsewhere, and callers
 * then keep the key in the background page's memory.
 */
export function sessionArea(): browser.Storage.StorageArea | undefined {
  const storage = browser.storage as { session?: browser.Storage.StorageArea };
  return storage.session;
}
