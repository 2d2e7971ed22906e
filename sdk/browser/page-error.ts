/**
 * The collector is a separately built file with its own copy of TwofoldError and its subclasses
 * (SealError is named `SealError`), so its errors would fail `instanceof TwofoldError` on the page
 * (and `attach` would report `seal_failed`). The loader hands the collector its own TwofoldError with
 * each seal, and the collector rethrows its errors as that class: same code, message and status, the
 * original as `cause`. Done in the collector because only its errors need it, and the loader is what
 * every page pays for before consent.
 */
import type { TwofoldError, TwofoldErrorCode } from '../protocol/errors';

/** The loader's TwofoldError class, as the collector receives it. */
export type PageErrorClass = typeof TwofoldError;

/**
 * Rethrows `error` as `PageError` when it is a Twofold error of another build (a string `code` marks
 * it: platform errors have none, a DOMException's `code` is a number); anything else unchanged.
 */
export function rethrowAs(PageError: PageErrorClass, error: unknown): never {
  const { code, message, status } = (error ?? {}) as { code?: unknown; message?: unknown; status?: unknown };
  if (error instanceof PageError || typeof code !== 'string') throw error;
  throw new PageError(code as TwofoldErrorCode, String(message), { cause: error, ...(typeof status === 'number' ? { status } : {}) });
}
