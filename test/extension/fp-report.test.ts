import { describe, expect, it } from 'vitest';
import { TwofoldError } from '../../sdk/protocol/errors';
import { createBatchForwarder, MAX_BATCH_JSON_CHARS, parseFingerprintBatch } from '../../extension/fp-report';

const ok = { v: 1, observations: [{ kind: 'canvas-readback', scriptOrigin: 'http://localhost:8080', count: 2, apis: ['toDataURL'] }] };

describe('fingerprint batch schema', () => {
  it('accepts a well-formed batch (including IPv6 and opaque "null" origins)', () => {
    expect(parseFingerprintBatch(JSON.stringify(ok))).toEqual(ok);
    const more = {
      v: 1,
      observations: [
        { kind: 'font-probe', scriptOrigin: 'http://[::1]:9', count: 1, apis: [] },
        { kind: 'audio-render', scriptOrigin: 'null', count: 1, apis: ['startRendering'] },
      ],
    };
    expect(parseFingerprintBatch(JSON.stringify(more))).toEqual(more);
  });

  it.each([
    ['not JSON', '{'],
    ['wrong version', JSON.stringify({ ...ok, v: 2 })],
    ['empty', JSON.stringify({ v: 1, observations: [] })],
    ['unknown kind', JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], kind: 'battery' }] })],
    ['unknown api', JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], apis: ['eval'] }] })],
    ['origin with a path', JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], scriptOrigin: 'https://a.test/x.js' }] })],
    ['javascript: origin', JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], scriptOrigin: 'javascript:alert(1)' }] })],
    ['zero count', JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], count: 0 }] })],
    ['huge count', JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], count: 1e12 }] })],
    ['too many observations', JSON.stringify({ v: 1, observations: Array(65).fill(ok.observations[0]) })],
    ['oversized', ' '.repeat(MAX_BATCH_JSON_CHARS + 1)],
  ])('rejects %s with a typed error', (_name, json) => {
    let error: unknown;
    try {
      parseFingerprintBatch(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TwofoldError);
    expect((error as TwofoldError).code).toBe('invalid_input');
    expect((error as TwofoldError).message).toMatch(/fingerprint batch/);
  });

  it('names the offending field (schemas are built lazily, paths still point into the batch)', () => {
    const bad = JSON.stringify({ v: 1, observations: [{ ...ok.observations[0], scriptOrigin: 'https://a.test/x.js' }] });
    expect(() => parseFingerprintBatch(bad)).toThrow(/observations\.0\.scriptOrigin/);
  });

  it('forwards only valid batches, and at most `cap` per page', () => {
    const forwarded: unknown[] = [];
    const forward = createBatchForwarder((b) => forwarded.push(b), 2);
    forward('{"v":1}');
    forward('garbage');
    for (let i = 0; i < 5; i++) forward(JSON.stringify(ok));
    expect(forwarded).toEqual([ok, ok]);
  });
});
