import type { SignalResult } from '../protocol/signals';
import type { CollectContext, SignalCollector } from './signals';
import { yieldToBrowser } from './yield';

/** Message of the error entry a signal gets when it outlives its time budget. */
export const timeoutMessage = (ms: number) => `timeout: no result within ${ms} ms`;

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 500);
}

/** Runs one signal within its budget; a throw, rejection or timeout becomes `{ error, durationMs }`. */
export async function runSignal(signal: SignalCollector, ctx: CollectContext, clock: () => number = () => performance.now()): Promise<SignalResult> {
  let started = clock();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(timeoutMessage(signal.budgetMs))), signal.budgetMs);
  });
  try {
    // Promise.resolve().then() so a synchronous throw inside collect() is caught the same way; the
    // clock restarts there so a signal is not charged for the ones started before it.
    const run = Promise.resolve().then(() => {
      started = clock();
      return signal.collect(ctx);
    });
    const value = await Promise.race([run, timeout]);
    return { value, durationMs: Math.max(0, clock() - started) };
  } catch (err) {
    const message = err instanceof Error && err.message.startsWith('timeout:') ? err.message : errorMessage(err);
    return { error: message, durationMs: Math.max(0, clock() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Main-thread budget for starting signals in one task: FingerprintJS' own slice (visitor-id.ts,
 * SOURCE_SLICE_MS), so starting them never makes a task longer than FingerprintJS itself does.
 */
export const START_SLICE_MS = 16;

/** Seams for tests: the clock slices are timed with, and how the runner yields to the browser. */
export interface RunSignalsOptions {
  sliceMs?: number;
  clock?: () => number;
  yieldNow?: () => Promise<void>;
}

/**
 * Runs every signal concurrently, in registry order (slow async ones start first); never rejects.
 * Signals are started in slices of START_SLICE_MS: when the synchronous start of the signals so
 * far (their reads, and one-off costs such as the first Intl call loading time-zone data) has held
 * the main thread that long, the runner yields before starting the next. It does not yield after
 * every signal: the quick reads take well under a millisecond together, and on a cold page each
 * yield is a task round trip that waits behind a slice of FingerprintJS' sources, so eleven of
 * them started the last signals (the IndexedDB device id among them) after the sources ended.
 */
export async function runSignals(
  signals: readonly SignalCollector[],
  ctx: CollectContext,
  options: RunSignalsOptions = {},
): Promise<Record<string, SignalResult>> {
  const { sliceMs = START_SLICE_MS, clock = () => performance.now(), yieldNow = yieldToBrowser } = options;
  const running: Promise<SignalResult>[] = [];
  let sliceStart = clock();
  for (const [i, signal] of signals.entries()) {
    if (i > 0 && clock() - sliceStart >= sliceMs) {
      await yieldNow();
      sliceStart = clock();
    }
    running.push(runSignal(signal, ctx, clock));
    // runSignal queued the signal's collect() as a microtask: let it run its synchronous part now,
    // so the slice above is timed with it.
    await undefined;
  }
  const results = await Promise.all(running);
  return Object.fromEntries(signals.map((s, i) => [s.id, results[i]!]));
}
