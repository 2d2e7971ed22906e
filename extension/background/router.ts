/**
 * The background's message router: trust tiers decided from `sender` only, each tier with its own
 * request union and handler map (types from messages.ts: a missing handler fails to compile, and a
 * content handler's context always carries the page URL the browser reported), every payload
 * validated on receipt against its tier's schema.
 *   - UI tier: the extension's own pages (sender.id is ours and sender.url is on our origin).
 *   - Content tier: our content scripts in a tab (sender.tab set, page URL not ours); only
 *     ContentRequestSchema's messages. Anything else from a content script is dropped unanswered.
 *   - Anything else (other extensions, web pages via externally_connectable, unknown shapes) is
 *     dropped without an answer.
 * A UI page sending a content-tier message gets a typed refusal: those answer for a web page only.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../sdk/protocol/errors';
import {
  CONTENT_MESSAGE_TYPES,
  ContentRequestSchema,
  UiRequestSchema,
  type ContentMessageType,
  type MessageType,
  type Reply,
  type Request,
  type RequestOf,
  type ResponseOf,
  type UiMessageType,
} from '../messages';

/** What the router needs to know about a message's sender (a subset of runtime.MessageSender). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; windowId?: number };
  frameId?: number;
}

/** Who sent a message, as far as the background trusts it. */
export type Tier = 'ui' | 'content';

/** Context of a content-tier handler: the sender's frame URL as the browser reported it (http/https). */
export interface ContentContext {
  tier: 'content';
  sender: SenderInfo;
  /** The sending frame's URL (sender.url): the only source of the page's site. */
  pageUrl: string;
}

/** Context of a UI-tier handler: one of the extension's own pages. */
export interface UiContext {
  tier: 'ui';
  sender: SenderInfo;
}

/** Context handed to a handler (the tab's origin comes from here, never the message). */
export type HandlerContext = ContentContext | UiContext;

/** The handler for message type `T`, with the context of `T`'s tier. */
export type Handler<T extends MessageType> = (
  request: RequestOf<T>,
  context: T extends ContentMessageType ? ContentContext : UiContext,
) => Promise<ResponseOf<T>>;

/** One handler per content-tier message. */
export type ContentHandlerMap = { [T in ContentMessageType]: Handler<T> };
/** One handler per UI-tier message. */
export type UiHandlerMap = { [T in UiMessageType]: Handler<T> };
/** Both maps (handler modules pick their entries from it). */
export type HandlerMap = ContentHandlerMap & UiHandlerMap;

/** The extension's own identity, from the runtime. */
export interface SelfInfo {
  id: string;
  /** e.g. `chrome-extension://<id>` or `moz-extension://<uuid>`, no trailing slash. */
  origin: string;
}

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
 * (untrusted sender, or a content script sending anything but a content-tier message), so the
 * sender gets no answer at all; otherwise a promise of the reply.
 */
export function routeMessage(
  handlers: HandlerMap,
  message: unknown,
  sender: SenderInfo,
  self: SelfInfo,
  options: RouteOptions = {},
): Promise<Reply<MessageType>> | undefined {
  const tier = senderTier(sender, self);
  if (tier === null) return undefined;
  const type = (message as { type?: unknown } | null)?.type;
  const contentType = typeof type === 'string' && CONTENT_MESSAGE_TYPES.has(type);
  if (tier === 'content') {
    if (!contentType) return undefined;
    return dispatchContent(handlers, message, { tier, sender, pageUrl: sender.url ?? '' });
  }
  if (contentType) {
    return Promise.resolve({
      ok: false,
      error: { code: 'not_a_page', message: 'This request answers for a web page in a tab; an extension page cannot send it.' },
    });
  }
  return dispatchUi(handlers, message, { tier, sender }, options);
}

function invalid(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): Reply<MessageType> {
  const issue = issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, error: { code: 'invalid_message', message: `The request is not valid: ${path ? `${path}: ` : ''}${issue.message}` } };
}

async function dispatchContent(handlers: ContentHandlerMap, message: unknown, context: ContentContext): Promise<Reply<MessageType>> {
  const parsed = v.safeParse(ContentRequestSchema, message);
  if (!parsed.success) return invalid(parsed.issues);
  const request = parsed.output;
  try {
    const handler = handlers[request.type] as Handler<typeof request.type>;
    return { ok: true, result: await handler(request as never, context) } as Reply<MessageType>;
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}

async function dispatchUi(handlers: UiHandlerMap, message: unknown, context: UiContext, options: RouteOptions): Promise<Reply<MessageType>> {
  const parsed = v.safeParse(UiRequestSchema, message);
  if (!parsed.success) return invalid(parsed.issues);
  const request = parsed.output;
  try {
    const handler = handlers[request.type] as Handler<typeof request.type>;
    // Idle tracking runs beside the handler, not before it: it must not delay the answer.
    const [result] = await Promise.all([handler(request as never, context), options.onUiActivity?.(request)]);
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
