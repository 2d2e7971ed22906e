import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { SignalMetaSchema } from '../../../sdk/protocol/signals';
import { activeSignals, metaOf, SIGNAL_INFOS, SIGNALS } from '../../../sdk/browser/signals';
import { BANNER_TEXTS } from '../../../sdk/browser/consent/texts';

describe('signal registry', () => {
  it("the loader's catalogue and the collector's registry list the same signals in the same order", () => {
    expect(SIGNALS.map((s) => s.id)).toEqual(SIGNAL_INFOS.map((s) => s.id));
    for (const [i, s] of SIGNALS.entries()) expect(metaOf(s)).toEqual(metaOf(SIGNAL_INFOS[i]!));
  });
  it('every signal has valid, unique metadata and texts in both locales', () => {
    const ids = SIGNALS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SIGNALS) {
      expect(v.safeParse(SignalMetaSchema, metaOf(s)).success, s.id).toBe(true);
      expect(BANNER_TEXTS.en?.signals[s.id]?.name.length, s.id).toBeGreaterThan(0);
      expect(BANNER_TEXTS.nb?.signals[s.id]?.name.length, s.id).toBeGreaterThan(0);
      expect(BANNER_TEXTS.nb?.signals[s.id]?.purpose?.length ?? 0, `${s.id} nb purpose`).toBeGreaterThan(0);
      expect(s.budgetMs, s.id).toBeGreaterThan(0);
    }
    // No text for a signal that does not exist (a renamed id would leave its old texts behind).
    for (const texts of [BANNER_TEXTS.en, BANNER_TEXTS.nb]) expect(Object.keys(texts?.signals ?? {}).sort()).toEqual([...ids].sort());
  });
  it('covers the signals the issue asks for', () => {
    expect([...SIGNALS.map((s) => s.id)].sort()).toEqual(
      [
        'automation',
        'device-id',
        'device-type',
        'hardware',
        'languages',
        'local-time',
        'location',
        'screen',
        'time-zone',
        'touch',
        'user-agent',
        'visitor-id',
      ].sort(),
    );
  });
  it('slow asynchronous signals come first', () => {
    const order = SIGNALS.map((s) => s.id);
    const slow = ['visitor-id', 'location', 'user-agent', 'device-id'];
    expect(order.slice(0, slow.length).sort()).toEqual([...slow].sort());
    expect(order[0]).toBe('visitor-id');
  });
  it('location is active only when the site opts in', () => {
    expect(activeSignals({ location: false }).map((s) => s.id)).not.toContain('location');
    expect(activeSignals({ location: true }).map((s) => s.id)).toContain('location');
  });
});
