import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../../sdk/server/random-pool';

describe('pooledRandomBytes', () => {
  it('hands out fresh, distinct values across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(pooledRandomBytes(16).toString('hex'));
    expect(seen.size).toBe(5000);
  });

  it('returns copies: a caller writing to its value changes no other value', () => {
    const a = pooledRandomBytes(32);
    const b = pooledRandomBytes(32);
    const before = b.toString('hex');
    a.fill(7);
    expect(b.toString('hex')).toBe(before);
  });

  it('serves the lengths asked, including across the end of the pool, and refuses others', () => {
    for (let i = 0; i < 400; i++) expect(pooledRandomBytes(i % 40).length).toBe(i % 40);
    expect(pooledRandomBytes(256).length).toBe(256);
    expect(() => pooledRandomBytes(257)).toThrow(RangeError);
    expect(() => pooledRandomBytes(-1)).toThrow(RangeError);
    expect(() => pooledRandomBytes(1.5)).toThrow(RangeError);
  });

  it('looks random: byte values spread over 0..255', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2000; i++) for (const byte of pooledRandomBytes(16)) counts[byte]! += 1;
    // 32,000 bytes: each value expected 125 times; a stuck or zeroed pool fails this.
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(200);
  });
});
