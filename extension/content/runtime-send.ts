/**
 * `runtime.sendMessage` for content scripts without webextension-polyfill: Firefox has the promise
 * based `browser`, Chrome's MV3 `chrome.runtime.sendMessage` returns a promise when given no
 * callback. Bundling the polyfill costs every page load its parse and set-up (~2 ms in the
 * document_start bridge), for a single call that both browsers already make promise-shaped.
 */

/** Sends one message to the background; resolves to its reply. */
export type SendMessage = (message: unknown) => Promise<unknown>;

/** The extension runtime's sendMessage; throws when the script runs outside an extension. */
export function runtimeSend(): SendMessage {
  const g = globalThis as { browser?: { runtime: { sendMessage: SendMessage } }; chrome?: { runtime: { sendMessage: SendMessage } } };
  const runtime = g.browser?.runtime ?? g.chrome?.runtime;
  if (!runtime) throw new Error('no extension runtime');
  return (message) => runtime.sendMessage(message);
}
