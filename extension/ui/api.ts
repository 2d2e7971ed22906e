/** The UI's one way to talk to the background: typed by messages.ts, errors as UiError. */
import browser from 'webextension-polyfill';
import type { MessageType, Reply, RequestOf, ResponseOf } from '../messages';
import { localizedError } from './error-messages';
import { language } from './i18n';

/** A failure the background reported (typed code + user-facing message) or a lost connection. */
export class UiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'UiError';
    this.code = code;
  }
}

/** Sends `request` to the background and returns its typed result, or throws UiError. */
export async function send<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<T> | undefined;
  if (!reply) throw new UiError('no_answer', 'The extension background did not answer; reload the extension.');
  if (!reply.ok) throw new UiError(reply.error.code, reply.error.message);
  return reply.result;
}

/** The message of any error, for display: a background error in the UI's language (by its code). */
export function errorText(error: unknown): string {
  if (error instanceof UiError) return localizedError(error.code, error.message, language);
  return error instanceof Error ? error.message : String(error);
}
