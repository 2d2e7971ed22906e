// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  FP_ANNOUNCE_EVENT,
  FP_BOUND_EVENT,
  FP_CHANNEL_PATTERN,
  FP_HELLO_EVENT,
  listenForDetector,
  FP_RELAY_EVENT,
  FP_RELAY_PROPERTY,
  listenForRelays,
  openDetectorChannel,
  openRelayToParent,
  type ChannelPrimitives,
} from '../../../extension/content/fp-channel';

function primitives(target: EventTarget): ChannelPrimitives {
  return {
    addEventListener: (t, l) => target.addEventListener(t, l),
    removeEventListener: (t, l) => target.removeEventListener(t, l),
    dispatch: (t, detail) => void target.dispatchEvent(new CustomEvent(t, { detail })),
    randomHex: (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join(''),
  };
}

describe('detector ↔ bridge channel', () => {
  it('binds when the bridge is listening before the detector starts', () => {
    const received: string[] = [];
    const stop = listenForDetector(window, (json) => received.push(json));
    const channel = openDetectorChannel(primitives(window));
    expect(channel.name).toMatch(FP_CHANNEL_PATTERN);
    expect(channel.isBound()).toBe(true);
    expect(channel.send('{"v":1}')).toBe(true);
    expect(received).toEqual(['{"v":1}']);
    stop();
  });

  it('binds when the detector started first (the bridge says hello)', () => {
    const channel = openDetectorChannel(primitives(window));
    expect(channel.isBound()).toBe(false);
    expect(channel.send('lost')).toBe(false);
    const received: string[] = [];
    const stop = listenForDetector(window, (json) => received.push(json));
    expect(channel.isBound()).toBe(true);
    channel.send('x');
    expect(received).toEqual(['x']);
    stop();
  });

  it('stops answering hello once bound, so a later page script cannot learn the name', () => {
    const stop = listenForDetector(window, () => undefined);
    openDetectorChannel(primitives(window));
    const leaked: unknown[] = [];
    window.addEventListener(FP_ANNOUNCE_EVENT, (e) => leaked.push((e as CustomEvent).detail));
    window.dispatchEvent(new CustomEvent(FP_HELLO_EVENT));
    expect(leaked).toEqual([]);
    stop();
  });

  it('ignores forged announcements once bound, and malformed names before', () => {
    const received: string[] = [];
    const stop = listenForDetector(window, (json) => received.push(json));
    window.dispatchEvent(new CustomEvent(FP_ANNOUNCE_EVENT, { detail: 'not-a-channel' }));
    window.dispatchEvent(new CustomEvent(FP_ANNOUNCE_EVENT, { detail: { toString: () => 'x' } }));
    const channel = openDetectorChannel(primitives(window));
    expect(channel.isBound()).toBe(true);
    const forged = `twofold-fp-${'0'.repeat(32)}`;
    window.dispatchEvent(new CustomEvent(FP_ANNOUNCE_EVENT, { detail: forged }));
    window.dispatchEvent(new CustomEvent(forged, { detail: 'forged' }));
    channel.send('real');
    expect(received).toEqual(['real']);
    stop();
  });

  it('needs the exact channel name in the acknowledgement', () => {
    const channel = openDetectorChannel(primitives(window));
    window.dispatchEvent(new CustomEvent(FP_BOUND_EVENT, { detail: `twofold-fp-${'f'.repeat(32)}` }));
    expect(channel.isBound()).toBe(false);
  });

  it('relays a child frame batch to the parent bridge through the isolated-world property, not a page event', () => {
    const iframe = document.createElement('iframe');
    document.body.appendChild(iframe);
    const child = iframe.contentWindow!;
    const received: string[] = [];
    const top = child.parent; // jsdom: the frame's parent is the real window behind vitest's global
    const stop = listenForRelays(top, (json) => received.push(json));
    expect(Object.keys(top)).not.toContain(FP_RELAY_PROPERTY); // not enumerable
    expect(openRelayToParent(child)('{"v":1}')).toBe(true);
    expect(received).toEqual(['{"v":1}']);
    // A page event of the old relay name plants nothing.
    top.dispatchEvent(new CustomEvent(FP_RELAY_EVENT, { detail: '{"v":1,"forged":true}' }));
    top.dispatchEvent(new CustomEvent(FP_RELAY_EVENT, { detail: { key: 'guess', json: '{"v":1,"forged":true}' } }));
    expect(received).toEqual(['{"v":1}']);
    expect(openRelayToParent(window)('top has no parent')).toBe(false);
    stop();
    expect(openRelayToParent(child)('{"v":1}')).toBe(false); // no bridge listening any more
    iframe.remove();
  });

  it("in Firefox (private event details), relays with the parent's per-document key only", () => {
    (globalThis as { cloneInto?: unknown }).cloneInto = () => undefined;
    try {
      const iframe = document.createElement('iframe');
      document.body.appendChild(iframe);
      const child = iframe.contentWindow!;
      const received: string[] = [];
      const top = child.parent;
      const stop = listenForRelays(top, (json) => received.push(json));
      // Firefox content scripts of different frames do not share the property: hide it from the child.
      delete (top as unknown as Record<string, unknown>)[FP_RELAY_PROPERTY];
      const relay = openRelayToParent(child);
      expect(relay('{"v":1}')).toBe(true);
      expect(received).toEqual(['{"v":1}']);
      for (const detail of ['{"v":1}', { json: '{"v":1}' }, { key: '0'.repeat(32), json: '{"v":1}' }, null])
        top.dispatchEvent(new CustomEvent(FP_RELAY_EVENT, { detail }));
      expect(received).toEqual(['{"v":1}']);
      stop();
      iframe.remove();
    } finally {
      delete (globalThis as { cloneInto?: unknown }).cloneInto;
    }
  });
});
