import { describe, expect, it } from 'vitest';
import { MAX_COMPONENT_CHARS, summariseComponents } from '../../../../sdk/browser/signals/visitor-id';

describe('visitor-id component summary', () => {
  it('keeps short values, hashes long ones (canvas images) and marks errors', async () => {
    const image = 'data:image/png;base64,' + 'A'.repeat(38_000);
    const out = await summariseComponents({
      timezone: { value: 'Europe/Oslo', duration: 0 },
      canvas: { value: { winding: true, geometry: image, text: image }, duration: 12 },
      audio: { error: new Error('suspended'), duration: 1 },
    });
    expect(out.timezone).toBe('Europe/Oslo');
    expect(out.canvas).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(out.audio).toEqual({ error: true });
    expect(JSON.stringify(out).length).toBeLessThan(200);
  });
  it('the same long value gives the same hash; a different one a different hash', async () => {
    const long = (c: string) => ({ value: c.repeat(MAX_COMPONENT_CHARS + 1), duration: 0 });
    expect(await summariseComponents({ x: long('a') })).toEqual(await summariseComponents({ x: long('a') }));
    expect(await summariseComponents({ x: long('a') })).not.toEqual(await summariseComponents({ x: long('b') }));
  });
});
