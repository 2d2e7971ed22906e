// Login ids: UUIDv7 (RFC 9562), ordered by recording time, random below the millisecond.
import { describe, expect, it } from 'vitest';
import { newLoginId } from '../../../../sdk/server/risk/engine';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newLoginId', () => {
  it('is a UUIDv7 whose first 48 bits are the millisecond timestamp', () => {
    const id = newLoginId(Date.UTC(2026, 10, 23, 12, 0, 0, 5));
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 23, 12, 0, 0, 5));
  });

  it('sorts by time and never repeats within one millisecond', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => newLoginId(t));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => newLoginId(1_700_000_000_000)));
    expect(same.size).toBe(1000);
    expect(newLoginId()).toMatch(UUID_V7);
  });
});
