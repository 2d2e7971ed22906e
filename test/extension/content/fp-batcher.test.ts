import { afterEach, describe, expect, it } from 'vitest';
import { createBatcher, MAX_BATCH_ENTRIES } from '../../../extension/content/fp-batcher';
import { parseFingerprintBatch } from '../../../extension/fp-report';

function harness(deliver = true) {
  const sent: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const batcher = createBatcher({
    send: (json) => {
      if (!deliver) return false;
      sent.push(json);
      return true;
    },
    setTimer: (fn, ms) => void timers.push({ fn, ms }),
    stringify: JSON.stringify,
  });
  const fire = () => {
    for (const t of timers.splice(0)) t.fn();
  };
  return { sent, timers, batcher, fire };
}

describe('fingerprint batcher', () => {
  afterEach(() => {
    delete (Object.prototype as { toJSON?: unknown }).toJSON;
  });

  it('deduplicates per (kind, origin), counts, lists APIs, and sends one schema-valid batch after 1 s', () => {
    const { sent, timers, batcher, fire } = harness();
    batcher.record('canvas-readback', 'toDataURL', 'https://fp.test');
    batcher.record('canvas-readback', 'getImageData', 'https://fp.test');
    batcher.record('canvas-readback', 'toDataURL', 'https://fp.test');
    batcher.record('webgl-renderer', 'getParameter', 'https://fp.test');
    batcher.record('canvas-readback', 'toDataURL', 'https://page.test');
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(1000);
    expect(sent).toHaveLength(0);
    fire();
    expect(sent).toHaveLength(1);
    const batch = parseFingerprintBatch(sent[0]!);
    expect(batch.observations).toEqual([
      { kind: 'canvas-readback', scriptOrigin: 'https://fp.test', count: 3, apis: ['toDataURL', 'getImageData'] },
      { kind: 'webgl-renderer', scriptOrigin: 'https://fp.test', count: 1, apis: ['getParameter'] },
      { kind: 'canvas-readback', scriptOrigin: 'https://page.test', count: 1, apis: ['toDataURL'] },
    ]);
    expect(batcher.pending()).toBe(0);
  });

  it('schedules again after a flush, and flush() with nothing pending sends nothing', () => {
    const { sent, timers, batcher, fire } = harness();
    batcher.flush();
    expect(sent).toHaveLength(0);
    batcher.record('audio-render', 'startRendering', 'https://a.test');
    fire();
    batcher.record('audio-render', 'startRendering', 'https://a.test');
    expect(timers).toHaveLength(1);
    fire();
    expect(sent.map((s) => parseFingerprintBatch(s).observations[0]!.count)).toEqual([1, 1]);
  });

  it('keeps counting while no bridge is bound and delivers everything later', () => {
    let bound = false;
    const sent: string[] = [];
    const timers: (() => void)[] = [];
    const batcher = createBatcher({
      send: (j) => {
        if (!bound) return false;
        sent.push(j);
        return true;
      },
      setTimer: (fn) => void timers.push(fn),
      stringify: JSON.stringify,
    });
    batcher.record('font-probe', 'offsetWidth', 'https://a.test');
    timers.shift()!();
    expect(sent).toHaveLength(0);
    expect(timers).toHaveLength(1); // retried
    batcher.record('font-probe', 'offsetWidth', 'https://a.test');
    bound = true;
    timers.shift()!();
    expect(parseFingerprintBatch(sent[0]!).observations[0]!.count).toBe(2);
  });

  it('caps the number of entries per batch', () => {
    const { sent, batcher, fire } = harness();
    for (let i = 0; i < MAX_BATCH_ENTRIES + 10; i++) batcher.record('canvas-readback', 'toDataURL', `https://s${i}.test`);
    fire();
    expect(parseFingerprintBatch(sent[0]!).observations).toHaveLength(MAX_BATCH_ENTRIES);
  });

  it('serialises without consulting page pollution of Object.prototype.toJSON', () => {
    (Object.prototype as { toJSON?: unknown }).toJSON = () => ({ hijacked: true });
    const { sent, batcher, fire } = harness();
    batcher.record('canvas-readback', 'toDataURL', 'https://fp.test');
    fire();
    delete (Object.prototype as { toJSON?: unknown }).toJSON;
    expect(parseFingerprintBatch(sent[0]!).observations[0]!.scriptOrigin).toBe('https://fp.test');
  });
});
