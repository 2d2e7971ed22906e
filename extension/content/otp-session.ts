/**
 * The content script's second stage, loaded (lazily, by index.ts) only once the user focuses a
 * text input or presses the fill shortcut: detection (findOtpFields), the inline suggestion, the
 * conversation with the background, and the fill. Keeping it out of the first stage saves every
 * page without such a focus the evaluation of the detector's lexicons and the message schemas.
 *
 * The background answers for the sender's own frame URL (never a site we claim); only a trusted
 * click in the suggestion or the fill shortcut asks for a code, and only fill.ts writes it.
 */
import * as v from 'valibot';
import type { MessageType, Reply, RequestOf, ResponseOf } from '../messages';
import { TabMessageSchema } from '../tab-messages';
import { askBudget } from './ask-budget';
import { fillOtpCode } from './fill';
import { offerTarget, resolveFillTarget, type OfferedTarget } from './fill-target';
import { deepActiveElement } from './focus';
import { findOtpFields, type OtpTarget } from './otp-fields';
import { runtimeSend } from './runtime-send';
import { showSuggestion, type SuggestionHandle, type SuggestionModel } from './suggestion';

/** What the first stage lets this stage do to it. */
export interface SessionHooks {
  /** The user has no vault: stop watching this page altogether. */
  retire(): void;
  /** A code was filled: stop the DOM observer (a later focus still rescans on demand). */
  filled(): void;
}

/** The second stage's entry points, called by index.ts. */
export interface OtpSession {
  /** A text input got focus; `domChanged` says whether the DOM changed since the last call. */
  fieldFocused(input: HTMLInputElement, domChanged: boolean): void;
  /** The DOM changed while a text input holds focus (e.g. it just became a code field). */
  domChanged(active: HTMLInputElement): void;
  /** A message from our background (already checked to come from this extension); validated here. */
  tabMessage(message: unknown, domChanged: boolean): Promise<void>;
  /** The page was hidden. */
  hidden(): void;
}

async function ask<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply = (await runtimeSend()(request)) as Reply<T> | undefined;
  if (!reply) throw new Error('Twofold did not answer; reload the page and try again.');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result;
}

function isInput(node: unknown): node is HTMLInputElement {
  return typeof node === 'object' && node !== null && (node as Element).nodeType === 1 && (node as Element).localName === 'input';
}

/** Creates the session; index.ts does this once, on first need. */
export function startOtpSession(hooks: SessionHooks): OtpSession {
  let targets: OtpTarget[] = [];
  let scanned = false;
  let suggestion: SuggestionHandle | null = null;
  // The field the suggestion was last shown for: a DOM change never re-opens it, only a new focus.
  let offeredFor: HTMLInputElement | null = null;
  let offered: OfferedTarget | null = null;
  // Set when the page tampered with the suggestion: no box and no fill on this page any more.
  let blockedBecause: string | null = null;

  const targetOf = (input: HTMLInputElement) => targets.find((t) => t.inputs.includes(input));
  const scan = () => {
    targets = findOtpFields(document);
    scanned = true;
    return targets;
  };
  /**
   * The target holding `input`. Rescans when the DOM may have changed or the input is not a known
   * target (the observer sees child lists only, so a field revealed by a class change is found here).
   */
  const locate = (input: HTMLInputElement, domChanged: boolean) => {
    if (!scanned || domChanged || !targetOf(input)) scan();
    return targetOf(input);
  };
  // Every otp.suggest goes through the frame's budget: a page's focus loop must not flood the background.
  const suggestions = askBudget(
    () => ask({ type: 'otp.suggest' }),
    (reply) => reply.vault === 'unlocked',
  );
  // A focused non-code input on a busy page (a chat box) must not cause a rescan per DOM batch.
  const rescansWhileFocused = new WeakMap<HTMLInputElement, number>();
  const MAX_RESCANS_WHILE_FOCUSED = 3;

  /** Fills the field the suggestion was shown for, and only that field (resolveFillTarget). */
  async function fillWith(accountId: string, shownFor: OfferedTarget): Promise<void> {
    if (blockedBecause) throw new Error(blockedBecause);
    const { code } = await ask({ type: 'otp.code', id: accountId });
    // Focus inside our suggestion (keyboard use) still means the field it was shown for.
    const active = deepActiveElement();
    const anchor = suggestion?.owns(active) ? shownFor.anchor : active;
    const resolved = resolveFillTarget(shownFor, anchor, scan);
    if (!resolved.ok) throw new Error(resolved.reason);
    const result = fillOtpCode(resolved.target, code);
    if (!result.ok) throw new Error(result.message);
    scanned = false;
    hooks.filled();
  }

  /** Shows the suggestion for `target`; `trusted`: the background's message (a user gesture) asked, not a focus. */
  async function offer(target: OtpTarget, input: HTMLInputElement, trusted = false): Promise<void> {
    if (blockedBecause) return;
    const answer = suggestions.answer(target.inputs[0] ?? input, trusted);
    if (!answer) return; // over the frame's budget (a focus loop): offer nothing until it refills
    let reply: ResponseOf<'otp.suggest'>;
    try {
      reply = await answer;
    } catch {
      return; // extension reloaded, background unavailable or over the tab's budget: offer nothing
    }
    if (reply.vault === 'none') return hooks.retire();
    if (deepActiveElement() !== input) return; // focus moved on while we asked
    suggestion?.close();
    offeredFor = input;
    const shownFor = offerTarget(target, input);
    offered = shownFor;
    // A lookalike warning first; then a code the page sent by e-mail/SMS, which no account makes.
    const model: SuggestionModel =
      reply.lookalike && reply.site !== null
        ? { kind: 'lookalike', site: reply.site, resembles: reply.lookalike.resembles }
        : target.delivery === 'sent'
          ? { kind: 'not-authenticator' }
          : reply.vault === 'locked'
            ? { kind: 'locked' }
            : { kind: 'accounts', accounts: reply.accounts };
    suggestion = showSuggestion(input, model, {
      fill: (id) => fillWith(id, shownFor),
      openExtensionWindow: async () => void (await ask({ type: 'otp.openBindWindow' })),
      blocked(reason) {
        blockedBecause = `Twofold stopped filling on this page: ${reason}. Reload the page to try again.`;
      },
      closed: () => {
        suggestion = null;
      },
    });
  }

  return {
    fieldFocused(input, domChanged) {
      // Focus moving within the offered target (split boxes, or the fill itself) keeps the suggestion.
      if (suggestion && offered?.target.inputs.includes(input)) return;
      suggestion?.close();
      const target = locate(input, domChanged);
      if (target) void offer(target, input);
    },
    domChanged(active) {
      if (suggestion || active === offeredFor) return;
      const count = rescansWhileFocused.get(active) ?? 0;
      if (count >= MAX_RESCANS_WHILE_FOCUSED) return;
      rescansWhileFocused.set(active, count + 1);
      scan();
      const target = targetOf(active);
      if (target) void offer(target, active);
    },
    async tabMessage(message, domChanged) {
      if (!v.is(TabMessageSchema, message) || blockedBecause) return;
      if (message.type === 'otp.bound') {
        // The box still says "choose in the Twofold window": drop it, so the next focus offers the
        // newly bound account (now, if the field still has focus).
        suggestion?.close();
        suggestions.invalidate();
        const focused = deepActiveElement();
        const target = document.hasFocus() && isInput(focused) ? locate(focused, domChanged) : undefined;
        if (target && isInput(focused)) await offer(target, focused, true);
        return;
      }
      const active = deepActiveElement();
      if (suggestion?.owns(active)) {
        suggestion.fillFirst();
        return;
      }
      if (!document.hasFocus() || !isInput(active)) return;
      // The fill shortcut (the user's keyboard gesture) fills through the shown suggestion's gate;
      // with none shown it shows one (a later press fills once the box is armed).
      if (suggestion?.fillFirst() || suggestion) return;
      const target = locate(active, domChanged);
      if (target) await offer(target, active, true);
    },
    hidden() {
      suggestion?.close();
    },
  };
}
