import { describe, expect, it } from 'vitest';
import { runSignal, runSignals, START_SLICE_MS, timeoutMessage } from '../../../sdk/browser/collect';
import { defineSignal, type Signal } from '../../../sdk/browser/signals/types';

const fake = (id: string, collect: () => Promise<unknown>, budgetMs = 1_000): Signal =>
  defineSignal({ id, category: 'device', purpose: 'test', personalData: 'technical', budgetMs, collect });
const ctx = { location: false, site: 'shop.example' };

describe('signal runner', () => {
  it('a value becomes { value, durationMs }', async () => {
    const result = await runSignal(
      fake('ok', async () => 42),
      ctx,
    );
    expect(result).toEqual({ value: 42, durationMs: expect.any(Number) });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });
  it('a rejection or a synchronous throw becomes an error entry', async () => {
    expect(
      await runSignal(
        fake('rejects', () => Promise.reject(new TypeError('nope'))),
        ctx,
      ),
    ).toMatchObject({ error: 'TypeError: nope' });
    const throwsSync = fake('throws', () => {
      throw new Error('sync');
    });
    expect(await runSignal(throwsSync, ctx)).toMatchObject({ error: 'Error: sync' });
  });
  it('a signal that never settles gets a timeout entry after its budget', async () => {
    const result = await runSignal(
      fake('hangs', () => new Promise(() => {}), 20),
      ctx,
    );
    expect(result.error).toBe(timeoutMessage(20));
    expect(result.value).toBeUndefined();
  });
  it('runSignals never rejects and keeps registry order', async () => {
    const results = await runSignals(
      [fake('a', async () => 'A'), fake('b', () => Promise.reject(new Error('B'))), fake('c', () => new Promise(() => {}), 10), fake('d', async () => 'D')],
      ctx,
    );
    expect(Object.keys(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(results.a?.value).toBe('A');
    expect(results.b?.error).toBe('Error: B');
    expect(results.c?.error).toMatch(/^timeout/);
    expect(results.d?.value).toBe('D');
  });
  it('starts quick signals in one task, and yields once their synchronous starts used up a slice', async () => {
    let now = 0;
    const log: string[] = [];
    // Each signal's synchronous start "takes" the given ms of the fake clock.
    const costing = (id: string, ms: number) =>
      fake(id, async () => {
        log.push(`start ${id}`);
        now += ms;
        return id;
      });
    const results = await runSignals([costing('a', 1), costing('b', 2), costing('c', START_SLICE_MS), costing('d', 1), costing('e', 1)], ctx, {
      clock: () => now,
      yieldNow: async () => {
        log.push('yield');
      },
    });
    // a, b, c start together (3 ms, then c's 16 ms fill the slice); d waits for a yield, e joins it.
    expect(log).toEqual(['start a', 'start b', 'start c', 'yield', 'start d', 'start e']);
    expect(Object.values(results).map((r) => r.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('never yields for signals whose starts are quick (no task round trip per signal)', async () => {
    let yields = 0;
    await runSignals([fake('a', async () => 1), fake('b', async () => 2), fake('c', async () => 3)], ctx, {
      clock: () => 0,
      yieldNow: async () => {
        yields++;
      },
    });
    expect(yields).toBe(0);
  });
  it('long error messages are cut to the schema limit', async () => {
    const result = await runSignal(
      fake('long', () => Promise.reject(new Error('x'.repeat(2000)))),
      ctx,
    );
    expect(result.error?.length).toBe(500);
  });
});
