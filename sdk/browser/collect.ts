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
 * Runs every signal concurrently, in registry order (slow async ones start first); never rejects.
 * Each signal is started in its own task, so the synchronous reads (and one-off costs such as
 * the first Intl call loading time-zone data) never add up to one long main-thread task.
 */
export async function runSignals(signals: readonly SignalCollector[], ctx: CollectContext): Promise<Record<string, SignalResult>> {
  const running: Promise<SignalResult>[] = [];
  for (const signal of signals) {
    running.push(runSignal(signal, ctx));
    await yieldToBrowser();
  }
  const results = await Promise.all(running);
  return Object.fromEntries(signals.map((s, i) => [s.id, results[i]!]));
}
