// The frame's gate in front of otp.suggest (content/ask-budget.ts), on a fake clock: one ask in
// flight, a short-lived answer per target, a token bucket for the rest.
import { describe, expect, it } from 'vitest';
import { ANSWER_TTL_MS, ASK_BURST, ASK_PER_SECOND, askBudget } from '../../../extension/content/ask-budget';

type Answer = { vault: 'unlocked' | 'locked'; n: number };
/** Lets settled answers run their callbacks (a few microtask turns). */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** A gate over a fake background that answers when told to; `asked` counts what reached it. */
function setUp(vault: Answer['vault'] = 'unlocked') {
  let clock = 0;
  const waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void }[] = [];
  let asked = 0;
  const gate = askBudget<Answer>(
    () => {
      asked++;
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    (a) => a.vault === 'unlocked',
    () => clock,
  );
  return {
    gate,
    asked: () => asked,
    tick: (ms: number) => {
      clock += ms;
    },
    answerAll: async () => {
      for (const w of waiting.splice(0)) w.resolve({ vault, n: asked });
      await flush();
    },
    failAll: async () => {
      for (const w of waiting.splice(0)) w.reject(new Error('gone'));
      await flush();
    },
  };
}

/** Targets are keyed by their first input. */
const KEY = {};
const other = () => ({});

describe('ask budget: coalescing and reuse', () => {
  it('joins focuses onto the one ask in flight, then reuses its answer for the same target until it expires', async () => {
    const t = setUp();
    const first = t.gate.answer(KEY);
    const joined = Array.from({ length: 100 }, () => t.gate.answer(KEY));
    expect(t.asked()).toBe(1);
    expect(joined.every((p) => p === first)).toBe(true);
    await t.answerAll();
    t.tick(ANSWER_TTL_MS - 1);
    for (let i = 0; i < 100; i++) expect(await t.gate.answer(KEY)).toEqual({ vault: 'unlocked', n: 1 });
    expect(t.asked()).toBe(1);
    t.tick(1); // expired: asks again
    void t.gate.answer(KEY);
    expect(t.asked()).toBe(2);
  });

  it('asks again for another target or after invalidate(); a stale in-flight answer is used once and not kept', async () => {
    const t = setUp();
    void t.gate.answer(KEY);
    await t.answerAll();
    void t.gate.answer(other()); // the DOM replaced the target
    await t.answerAll();
    expect(t.asked()).toBe(2);
    const stale = t.gate.answer(KEY); // only the latest answer is kept: KEY asks again
    t.gate.invalidate(); // the background said something changed while that ask was out
    const fresh = t.gate.answer(KEY);
    expect(fresh).not.toBe(stale);
    expect(t.asked()).toBe(4);
    await t.answerAll();
    void t.gate.answer(KEY);
    expect(t.asked()).toBe(4); // the fresh answer is kept, the stale one was not
  });

  it('never keeps an answer the caller calls not reusable (a locked vault) or a failed ask', async () => {
    const locked = setUp('locked');
    void locked.gate.answer(KEY);
    await locked.answerAll();
    void locked.gate.answer(KEY);
    expect(locked.asked()).toBe(2);
    const failing = setUp();
    const failed = failing.gate.answer(KEY);
    await expect(Promise.all([failed, failing.failAll()])).rejects.toThrow('gone');
    void failing.gate.answer(KEY);
    expect(failing.asked()).toBe(2);
  });
});

describe('ask budget: the bucket', () => {
  it(`allows ${ASK_BURST} asks at once, then ${ASK_PER_SECOND} per second; over budget is null (nothing asked)`, async () => {
    const t = setUp('locked');
    let given = 0;
    for (let i = 0; i < 1000; i++) {
      const p = t.gate.answer(other());
      if (p) given++;
      await t.answerAll();
    }
    expect(given).toBe(ASK_BURST);
    expect(t.asked()).toBe(ASK_BURST);
    t.tick(1000 / ASK_PER_SECOND);
    expect(t.gate.answer(KEY)).not.toBeNull(); // a normal focus after the refill still asks
    await t.answerAll();
    expect(t.gate.answer(other())).toBeNull();
    t.tick(60_000); // refills to the burst, never beyond
    for (let i = 0; i < ASK_BURST; i++) {
      expect(t.gate.answer(other())).not.toBeNull();
      await t.answerAll();
    }
    expect(t.gate.answer(other())).toBeNull();
  });

  it('lets the background-caused asks (trusted) past an empty bucket', async () => {
    const t = setUp('locked');
    for (let i = 0; i < ASK_BURST; i++) {
      void t.gate.answer(other());
      await t.answerAll();
    }
    expect(t.gate.answer(KEY)).toBeNull();
    expect(t.gate.answer(KEY, true)).not.toBeNull();
  });
});
