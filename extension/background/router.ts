/**
 * The background's message router: a handler map typed from messages.ts (a missing handler fails to
 * compile), trust tiers decided from `sender` only, and every payload validated on receipt.
 *   - UI tier: the extension's own pages (sender.id is ours and sender.url is on our origin).
 *   - Content tier: our content scripts in a tab (sender.tab set, page URL not ours), and only
 *     the messages in CONTENT_SCRIPT_MESSAGES.
 *   - Anything else (other extensions, web pages via externally_connectable, unknown shapes) is
 *     dropped without an answer.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../sdk/protocol/errors';
import { CONTENT_SCRIPT_MESSAGES, RequestSchema, type MessageType, type Reply, type Request, type RequestOf, type ResponseOf } from '../messages';

/** What the router needs to know about a message's sender (a subset of runtime.MessageSender). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; windowId?: number };
}

/** Who sent a message, as far as the background trusts it. */
export type Tier = 'ui' | 'content';

/** Context handed to every handler: the tier and the sender (the tab's origin comes from here, never the message). */
export interface HandlerContext {
  tier: Tier;
  sender: SenderInfo;
}

/** The handler for message type `T`. */
export type Handler<T extends MessageType> = (request: RequestOf<T>, context: HandlerContext) => Promise<ResponseOf<T>>;

/** One handler per message type; the mapped type makes a missing one a compile error. */
export type HandlerMap = { [T in MessageType]: Handler<T> };

/** The extension's own identity, from the runtime. */
export interface SelfInfo {
  id: string;
  /** e.g. `chrome-extension://<id>` or `moz-extension://<uuid>`, no trailing slash. */
  origin: string;
}

const contentAllowed: ReadonlySet<string> = new Set(CONTENT_SCRIPT_MESSAGES);

/** Classifies a sender into a trust tier, or null when the message must be dropped. */
export function senderTier(sender: SenderInfo, self: SelfInfo): Tier | null {
  if (sender.id !== self.id || typeof sender.url !== 'string') return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  // Firefox reports moz-extension origins as "null" from URL(); compare the prefix as well.
  if (url.origin === self.origin || sender.url.startsWith(`${self.origin}/`)) return 'ui';
  if (sender.tab && /^https?:$/.test(url.protocol)) return 'content';
  return null;
}

/** Options of `routeMessage`. */
export interface RouteOptions {
  /** Called after a UI-tier request is accepted (auto-lock idle tracking). */
  onUiActivity?: (request: Request) => Promise<void> | void;
}

/**
 * Validates and dispatches one message. Returns undefined synchronously when the message is dropped
 * (untrusted sender, or a content script asking for a UI-only message), so the sender gets no
 * answer at all; otherwise a promise of the reply.
 */
export function routeMessage(handlers: HandlerMap, message: unknown, sender: SenderInfo, self: SelfInfo, options: RouteOptions = {}): Promise<Reply<MessageType>> | undefined {
  const tier = senderTier(sender, self);
  if (tier === null) return undefined;
  const type = (message as { type?: unknown } | null)?.type;
  if (tier === 'content' && (typeof type !== 'string' || !contentAllowed.has(type))) return undefined;
  return dispatch(handlers, message, { tier, sender }, options);
}

async function dispatch(handlers: HandlerMap, message: unknown, context: HandlerContext, options: RouteOptions): Promise<Reply<MessageType>> {
  const parsed = v.safeParse(RequestSchema, message);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, error: { code: 'invalid_message', message: `The request is not valid: ${path ? `${path}: ` : ''}${issue?.message ?? 'unknown shape'}` } };
  }
  const request = parsed.output;
  try {
    const handler = handlers[request.type] as Handler<typeof request.type>;
    // Idle tracking runs beside the handler, not before it: it must not delay the answer.
    const [result] = await Promise.all([handler(request as never, context), context.tier === 'ui' ? options.onUiActivity?.(request) : undefined]);
    return { ok: true, result } as Reply<MessageType>;
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}

/** A typed error's code and message; anything unexpected becomes a generic message (no internals, no secrets). */
export function toErrorBody(error: unknown): { code: string; message: string } {
  if (error instanceof TwofoldError) return { code: error.code, message: error.message };
  return { code: 'internal_error', message: 'The extension hit an unexpected error; try again, and reload the extension if it persists.' };
}
