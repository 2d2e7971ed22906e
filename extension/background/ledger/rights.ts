/**
 * The user's rights requests to a site: POST `<rightsEndpoint>/<action>` with the rights
 * token the site issued, as the server library's handler expects (sdk/server/http/handler.ts). The
 * endpoint comes only from the sender origin's own well-known document; the token never leaves the
 * background except to that endpoint. Every request, answered or not, becomes a dated log entry.
 */
import * as v from 'valibot';
import { RectifyResultSchema, RightsResultSchema } from '../../../sdk/protocol/rights';
import type { RightsLogEntry, RightsWords } from '../../ledger-view';
import { sayRights } from '../../rights-words';
import { FETCH_TIMEOUT_MS, isTrustedTransport, type FetchLike } from './verify';

/** The rights actions a site's endpoint answers. */
export type RightsAction = 'access' | 'erase' | 'object' | 'rectify';

/** A site's answer to a rights request. */
export interface RightsAnswer {
  ok: boolean;
  status?: number;
  body?: unknown;
  /** The site's (or the network's) error message when `ok` is false. */
  message?: string;
  /** The facts, when the message is the extension's own words rather than the site's. */
  words?: RightsWords;
}

/** Largest answer read (an access export of 90 days of logins stays far below). */
const MAX_ANSWER_CHARS = 4 * 1024 * 1024;

/** A failure in the extension's own words: the facts, and their English text as the message. */
function refusedBy(words: RightsWords, status?: number): RightsAnswer {
  return { ok: false, ...(status !== undefined ? { status } : {}), message: sayRights(words, 'en'), words };
}

/** Sends one rights request; never throws (a failure is an answer with `ok: false`). */
export async function sendRightsRequest(
  fetchFn: FetchLike,
  endpoint: string,
  action: RightsAction,
  token: string,
  extra: Record<string, string> = {},
): Promise<RightsAnswer> {
  const url = `${endpoint.replace(/\/$/, '')}/${action}`;
  if (!isTrustedTransport(url)) return refusedBy({ kind: 'insecure' });
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ...extra }),
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS * 2),
    });
  } catch {
    return refusedBy({ kind: 'no-answer' });
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text.length <= MAX_ANSWER_CHARS ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body === undefined ? refusedBy({ kind: 'not-json' }, response.status) : { ok: true, status: response.status, body };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.message === 'string') return { ok: false, status: response.status, message: error.message.slice(0, 500) };
  return refusedBy({ kind: 'refused', status: response.status }, response.status);
}

/** The log entry for an answer (counts and confirmation id in words, or the error). */
export function logEntryFor(origin: string, action: RightsLogEntry['action'], answer: RightsAnswer, at: number): RightsLogEntry {
  const base = { origin, action, at, ok: answer.ok, ...(answer.status !== undefined ? { status: answer.status } : {}) };
  // `words` carries the facts so the ledger page says them in its language; `summary` stays the
  // English record (exports, older pages). A site's own error message is its words, kept as is.
  if (!answer.ok) return { ...base, summary: answer.message ?? 'The request failed.', ...(answer.words ? { words: answer.words } : {}) };
  const worded = (words: RightsWords) => ({ ...base, summary: sayRights(words, 'en'), words });
  const unexpected = { ...worded({ kind: 'unexpected-shape' }), ok: false };
  if (action === 'access') {
    const body = answer.body as { logins?: unknown[]; collections?: unknown[] };
    const logins = Array.isArray(body?.logins) ? body.logins.length : 0;
    const collections = Array.isArray(body?.collections) ? body.collections.length : 0;
    return worded({ kind: 'exported', logins, collections });
  }
  if (action === 'rectify') {
    const parsed = v.safeParse(RectifyResultSchema, answer.body);
    if (!parsed.success) return unexpected;
    const { loginId, rectified } = parsed.output;
    return worded(rectified ? { kind: 'rectified', loginId } : { kind: 'already-gone', loginId });
  }
  const parsed = v.safeParse(RightsResultSchema, answer.body);
  if (!parsed.success) return unexpected;
  const r = parsed.output;
  return {
    ...worded({ kind: 'erased', erased: r.erased, remaining: r.remainingRows, objected: r.objected, confirmationId: r.confirmationId }),
    confirmationId: r.confirmationId,
  };
}

/** The logins of an access export, for "This wasn't me" (ids, times and IPs only). */
export function loginsOf(body: unknown): { id: string; time: number; ip?: string; outcome?: string }[] {
  const logins = (body as { logins?: unknown } | undefined)?.logins;
  if (!Array.isArray(logins)) return [];
  return logins.flatMap((l) => {
    const row = l as { id?: unknown; time?: unknown; ip?: unknown; outcome?: unknown };
    if (typeof row.id !== 'string' || typeof row.time !== 'number') return [];
    return [
      {
        id: row.id,
        time: row.time,
        ...(typeof row.ip === 'string' ? { ip: row.ip } : {}),
        ...(typeof row.outcome === 'string' ? { outcome: row.outcome } : {}),
      },
    ];
  });
}
