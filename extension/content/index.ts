/**
 * The content script's first stage (every http(s) page and frame, at document_idle). It runs on
 * every page, so it does nothing until a likely field appears:
 *   1. the pre-check is the cheapest possible: is the focused element an input a code could be typed
 *      into (one `matches` on one element)? It runs on focus, at idle after load (autofocus), and
 *      after batched DOM changes — never a walk over the page;
 *   2. a MutationObserver (child lists) whose callback only sets a flag; follow-up work is batched
 *      into idle time and throttled. It watches only while a code-capable input has focus (DOM
 *      changes matter for nothing else, and a busy page pays for every observed mutation: the
 *      bench's page that mutates 20× cost 1.8 ms more with an observer from the start); it stops at
 *      the first batch that finds focus elsewhere, while the page is hidden, after a fill, and for
 *      good when the user has no vault;
 *   3. only when the pre-check passes is the second stage (otp-session.ts: detection, suggestion,
 *      messaging, fill) loaded and the runtime message listener (fill shortcut) registered. esbuild
 *      inlines that dynamic import as a lazily initialised module, so pages where it is never
 *      needed do not even evaluate the detector's lexicons or the message schemas (measured in
 *      Chromium: 1.5–8 ms of module evaluation saved per page).
 * Nothing here reads field contents or talks to the background, and until a code field is focused
 * nothing here changes the page's DOM or dispatches an event the page could observe (listeners and
 * observers are invisible to it). The ledger's announcement listener is its own document_start
 * entry (announce-start.ts) and dispatches nothing either (test/e2e/attacks-clickjack-*.test.ts).
 */
import type { OtpSession } from './otp-session';
import { deepActiveElement } from './focus';

/**
 * Inputs a one-time code could be typed into (the types findOtpFields considers). Attribute
 * selectors only; `type` matches case-insensitively in HTML. Kept here rather than importing the
 * detector's `mayContainOtpField`, whose module graph (lexicons) costs milliseconds to evaluate;
 * the detector itself rules out everything else once this stage hands over.
 */
const CODE_CAPABLE_INPUT = 'input:not([type]),input[type=""],input[type=text],input[type=tel],input[type=number],input[type=password]';
/** Fewest milliseconds between two batches of DOM-change work, however busy the page is. */
const MIN_BATCH_INTERVAL_MS = 300;
/** Longest wait for idle time before a pending batch runs anyway. */
const IDLE_TIMEOUT_MS = 1000;

let session: Promise<OtpSession> | null = null;
let observer: MutationObserver | null = null;
/** True when the DOM may have changed since the second stage last looked (or nobody watched). */
let domChanged = true;
let batchPending = false;
let lastBatch = -Infinity;
let listening = false;
let retired = false;

type RuntimeMessageSender = { id?: string };
type RuntimeApi = { runtime: { id: string; onMessage: { addListener(fn: (message: unknown, sender: RuntimeMessageSender) => undefined): void } } };

function isCodeCapable(node: unknown): node is HTMLInputElement {
  return (
    typeof node === 'object' &&
    node !== null &&
    (node as Element).nodeType === 1 &&
    (node as Element).localName === 'input' &&
    (node as Element).matches(CODE_CAPABLE_INPUT)
  );
}

/** Reports (and clears) whether the DOM may have changed; always true while no observer runs. */
function takeDomChanged(): boolean {
  const changed = domChanged || observer === null;
  domChanged = false;
  return changed;
}

function withSession(use: (s: OtpSession) => void | Promise<void>): void {
  listenForShortcut();
  session ??= import('./otp-session').then((m) => m.startOtpSession({ retire, filled: () => disconnect() }));
  void session.then(use).catch(() => undefined);
}

/** Starts watching DOM changes (while a code-capable input has focus); what happened unwatched counts as changed. */
function observe(): void {
  if (retired || observer) return;
  domChanged = true;
  observer = new MutationObserver(onMutations);
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

function disconnect(): void {
  observer?.disconnect();
  observer = null;
}

/** The batched work after load or DOM changes: a focused input may be (or have just become) a code field. */
function runBatch(): void {
  batchPending = false;
  lastBatch = performance.now();
  if (retired || document.visibilityState === 'hidden') return;
  const active = deepActiveElement();
  if (!isCodeCapable(active)) {
    disconnect(); // focus moved on: nothing to watch for until it comes back
    return;
  }
  if (session) withSession((s) => s.domChanged(active));
  else withSession((s) => s.fieldFocused(active, takeDomChanged())); // focused before we looked (autofocus)
}

function scheduleBatch(): void {
  if (batchPending || retired) return;
  batchPending = true;
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(runBatch, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(runBatch, 50));
  const wait = lastBatch + MIN_BATCH_INTERVAL_MS - performance.now();
  if (wait > 0) setTimeout(idle, wait);
  else idle();
}

function onMutations(): void {
  domChanged = true;
  scheduleBatch();
}

function onFocusIn(event: FocusEvent): void {
  const node = event.composedPath()[0];
  // A page can dispatch focusin on any input; only the field that really has focus (which the
  // browser updates before the event) loads the second stage and makes it ask the background.
  if (!isCodeCapable(node) || node !== deepActiveElement()) return;
  observe();
  withSession((s) => s.fieldFocused(node, takeDomChanged()));
}

function onVisibility(): void {
  if (document.visibilityState === 'hidden') {
    disconnect();
    if (session) withSession((s) => s.hidden());
  } else if (isCodeCapable(deepActiveElement())) {
    observe();
    scheduleBatch();
  }
}

/**
 * Messages from our background (the fill shortcut), handed to the second stage, which validates
 * them with TabMessageSchema. Registered only once a code-capable input has had focus (the
 * shortcut means nothing before), and through the raw `browser`/`chrome` object: registering a
 * listener needs no promise API, so webextension-polyfill stays out of this stage.
 */
function listenForShortcut(): void {
  if (listening) return;
  listening = true;
  const api = (globalThis as { browser?: RuntimeApi }).browser ?? (globalThis as unknown as { chrome: RuntimeApi }).chrome;
  api.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== api.runtime.id) return undefined; // only our own extension can reach us; check anyway
    withSession((s) => s.tabMessage(message, takeDomChanged()));
    return undefined;
  });
}

/** The user has no vault: nothing will be offered on this page, so stop watching it. */
function retire(): void {
  retired = true;
  disconnect();
  document.removeEventListener('focusin', onFocusIn, true);
  document.removeEventListener('visibilitychange', onVisibility);
}

document.addEventListener('focusin', onFocusIn, true);
document.addEventListener('visibilitychange', onVisibility);
if (isCodeCapable(deepActiveElement())) {
  observe();
  scheduleBatch();
}
