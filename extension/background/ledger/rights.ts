/**
 * The user's rights requests to a site: POST `<rightsEndpoint>/<action>` with the rights
 * token the site issued, as the server library's handler expects (sdk/server/http/handler.ts). The
 * endpoint comes only from the sender origin's own well-known document; the token never leaves the
 * background except to that endpoint. Every request, answered or not, becomes a dated log entry.
 */
import * as v from 'valibot';
import { RectifyResultSchema, RightsResultSchema } from '../../../sdk/protocol/rights';
import type { RightsLogEntry } from '../../ledger-view';
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
}

/** Largest answer read (an access export of 90 days of logins stays far below). */
const MAX_ANSWER_CHARS = 4 * 1024 * 1024;

/** Sends one rights request; never throws (a failure is an answer with `ok: false`). */
export async function sendRightsRequest(
  fetchFn: FetchLike,
  endpoint: string,
  action: RightsAction,
  token: string,
  extra: Record<string, string> = {},
): Promise<RightsAnswer> {
  const url = `${endpoint.replace(/\/$/, '')}/${action}`;
  if (!isTrustedTransport(url)) return { ok: false, message: 'The site publishes a rights endpoint without https; the request was not sent.' };
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
    return { ok: false, message: 'The site did not answer; try again later.' };
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text.length <= MAX_ANSWER_CHARS ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok)
    return body === undefined
      ? { ok: false, status: response.status, message: 'The site answered with something that is not JSON.' }
      : { ok: true, status: response.status, body };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof error?.message === 'string' ? error.message.slice(0, 500) : `The site refused the request (HTTP ${response.status}).`;
  return { ok: false, status: response.status, message };
}

/** The log entry for an answer (counts and confirmation id in words, or the error). */
export function logEntryFor(origin: string, action: RightsLogEntry['action'], answer: RightsAnswer, at: number): RightsLogEntry {
  const base = { origin, action, at, ok: answer.ok, ...(answer.status !== undefined ? { status: answer.status } : {}) };
  if (!answer.ok) return { ...base, summary: answer.message ?? 'The request failed.' };
  if (action === 'access') {
    const body = answer.body as { logins?: unknown[]; collections?: unknown[] };
    const logins = Array.isArray(body?.logins) ? body.logins.length : 0;
    const collections = Array.isArray(body?.collections) ? body.collections.length : 0;
    return { ...base, summary: `Export received: ${logins} logins, ${collections} collections.` };
  }
  if (action === 'rectify') {
    const parsed = v.safeParse(RectifyResultSchema, answer.body);
    if (!parsed.success) return { ...base, ok: false, summary: 'The site answered with an unexpected shape.' };
    return {
      ...base,
      summary: parsed.output.rectified ? `Login ${parsed.output.loginId} marked as not you.` : `Login ${parsed.output.loginId} was already gone.`,
    };
  }
  const parsed = v.safeParse(RightsResultSchema, answer.body);
  if (!parsed.success) return { ...base, ok: false, summary: 'The site answered with an unexpected shape.' };
  const r = parsed.output;
  return {
    ...base,
    confirmationId: r.confirmationId,
    summary: `${r.erased} rows erased, ${r.remainingRows} left${r.objected ? '; processing stopped' : ''}. Confirmation ${r.confirmationId}.`,
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
