// The detector installed into a fake page global (fp-fakes.ts): behaviour preservation of every
// wrapper, the canvas/WebGL/audio/font detections end to end through the batcher and the private
// channel to the bridge's validating forwarder. Real browsers: test/e2e/fp-detector-*.test.ts.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listenForDetector } from '../../../extension/content/fp-channel';
import { installFingerprintDetector, type InstalledDetector } from '../../../extension/content/fp-install';
import { createBatchForwarder, type FingerprintBatch } from '../../../extension/fp-report';
import { FakeCanvas, FakeContext2D, FakeHTMLElement, FakeOfflineAudioContext, FakeWebGL, FakeFontFaceSet, fakePageGlobal } from './fp-fakes';

const THIRD = 'https://cdn.tracker.test';
const PAGE = 'https://page.test';
let stack = '';
let stackCaptures = 0;
let clock = 1_000_000;
const page = fakePageGlobal(PAGE);
page.Date = { now: () => clock };
const batches: FingerprintBatch[] = [];
let detector: InstalledDetector;
const sourceBefore = {
  toDataURL: Function.prototype.toString.call(FakeCanvas.prototype.toDataURL),
  fontSetter: Function.prototype.toString.call(Object.getOwnPropertyDescriptor(FakeContext2D.prototype, 'font')!.set),
  toString: Function.prototype.toString.call(Function.prototype.toString),
};
const descriptorBefore = Object.getOwnPropertyDescriptor(FakeCanvas.prototype, 'toDataURL')!;

/** Simulates a call made by a script at `origin` (Chrome stack format). */
const from = (origin: string) => {
  stack = `Error\n    at Object.apply (<anonymous>:1:1)\n    at draw (${origin}/fp.js:1:2)`;
};
const observations = () => {
  (page.runTimers as () => void)();
  return batches.splice(0).flatMap((b) => b.observations);
};

beforeAll(() => {
  listenForDetector(
    page as unknown as Window,
    createBatchForwarder((b) => batches.push(b)),
  );
  detector = installFingerprintDetector(page, {
    captureStack: () => {
      stackCaptures++;
      return stack;
    },
  });
});
beforeEach(() => {
  observations();
  clock += 60_000;
  from(THIRD);
});

const textCanvas = (text = 'Cwm fjordbank glyphs vext quiz') => {
  const canvas = new FakeCanvas();
  canvas.width = 240;
  canvas.height = 60;
  (canvas.getContext('2d') as FakeContext2D).fillText(text, 2, 15);
  return canvas;
};

describe('behaviour preservation', () => {
  it('wraps the expected functions and binds the channel', () => {
    expect(detector.wrapped).toBeGreaterThanOrEqual(14);
    expect(detector.channel.isBound()).toBe(true);
  });

  it('keeps return values, this, arguments, name, length, descriptors and toString', () => {
    const canvas = textCanvas();
    const reference = `data:image/jpeg;base64,${Buffer.from(`240x60:${canvas.ink}`).toString('base64')}`;
    expect(canvas.toDataURL('image/jpeg')).toBe(reference);
    const proto = FakeCanvas.prototype;
    expect(proto.toDataURL.name).toBe('toDataURL');
    expect(proto.toDataURL.length).toBe(0);
    expect(proto.toDataURL.toString()).toBe(sourceBefore.toDataURL);
    expect(Function.prototype.toString.call(proto.toDataURL)).toBe(sourceBefore.toDataURL);
    expect(String(Object.getOwnPropertyDescriptor(FakeContext2D.prototype, 'font')!.set)).toBe(sourceBefore.fontSetter);
    expect(Function.prototype.toString.toString()).toBe(sourceBefore.toString);
    const after = Object.getOwnPropertyDescriptor(proto, 'toDataURL')!;
    expect({ ...after, value: undefined }).toEqual({ ...descriptorBefore, value: undefined });
    const ctx = canvas.getContext('2d') as FakeContext2D;
    ctx.font = "72px 'Comic Sans MS', monospace";
    expect(ctx.font).toBe("72px 'Comic Sans MS', monospace");
    expect(ctx.getImageData(0, 0, 3, 4)).toMatchObject({ width: 3, height: 4 });
  });

  it('propagates the original exception object unchanged', () => {
    const canvas = textCanvas();
    canvas.tainted = true;
    let thrown: unknown;
    try {
      canvas.toDataURL();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DOMException);
    expect((thrown as DOMException).name).toBe('SecurityError');
    expect(() => FakeCanvas.prototype.toDataURL.call({} as FakeCanvas)).toThrow(TypeError);
  });

  it('never throws its own errors into the page, even when attribution fails', () => {
    stack = undefined as unknown as string; // captureStack returns garbage
    expect(() => textCanvas().toDataURL()).not.toThrow();
    from(THIRD);
  });
});

describe('canvas read-back', () => {
  it('attributes a detached text canvas read to the calling script, once per canvas', () => {
    const canvas = textCanvas();
    const before = stackCaptures;
    for (let i = 0; i < 10; i++) canvas.toDataURL();
    (canvas.getContext('2d') as FakeContext2D).getImageData(0, 0, 240, 60);
    expect(stackCaptures - before).toBe(1);
    expect(observations()).toEqual([{ kind: 'canvas-readback', scriptOrigin: THIRD, count: 11, apis: ['toDataURL', 'getImageData'] }]);
  });

  it('does not flag image canvases, blank canvases, big on-screen canvases or single glyphs', () => {
    const photo = new FakeCanvas();
    (photo.getContext('2d') as FakeContext2D).drawImage();
    photo.toDataURL();
    new FakeCanvas().toDataURL('image/webp');
    const chart = new FakeCanvas();
    chart.width = 800;
    chart.height = 400;
    chart.connected = true;
    (chart.getContext('2d') as FakeContext2D).fillText('Revenue 2026', 0, 0);
    chart.toDataURL();
    textCanvas('A').toBlob(() => undefined);
    expect(observations()).toEqual([]);
  });

  it('flags a detached shapes-only canvas read back through toBlob', () => {
    const geometry = new FakeCanvas();
    geometry.width = 122;
    geometry.height = 110;
    (geometry.getContext('2d') as FakeContext2D).fillRect(0, 0, 10, 10);
    geometry.toBlob(() => undefined);
    expect(observations()).toEqual([{ kind: 'canvas-readback', scriptOrigin: THIRD, count: 1, apis: ['toBlob'] }]);
  });
});

describe('WebGL and audio', () => {
  it('wraps WebGL lazily, at the first WebGL context, and then flags unmasked renderer/vendor queries only', () => {
    // Before any getContext('webgl') the large WebGL interfaces are left alone (documented gap).
    expect(new FakeWebGL(new FakeCanvas()).getParameter(0x9246)).toBe('FakeRenderer');
    expect(observations()).toEqual([]);
    const gl = new FakeCanvas().getContext('webgl') as FakeWebGL;
    expect(gl.getParameter(0x1f01)).toBe(7);
    expect(observations()).toEqual([]);
    expect(gl.getParameter(0x9246)).toBe('FakeRenderer');
    expect(gl.getParameter(0x9245)).toBe('FakeVendor');
    expect(observations()).toEqual([{ kind: 'webgl-renderer', scriptOrigin: THIRD, count: 2, apis: ['getParameter'] }]);
  });

  it('flags short offline audio renders and keeps their promise', async () => {
    await expect(new FakeOfflineAudioContext(1, 5000, 44100).startRendering()).resolves.toBe('rendered 5000');
    await new FakeOfflineAudioContext(2, 44100 * 120, 44100).startRendering();
    expect(observations()).toEqual([{ kind: 'audio-render', scriptOrigin: THIRD, count: 1, apis: ['startRendering'] }]);
  });
});

describe('font probing', () => {
  it('flags ≥ 20 distinct families measured with measureText within the window', () => {
    const ctx = new FakeCanvas().getContext('2d') as FakeContext2D;
    for (let i = 0; i < 30; i++) {
      ctx.font = `72px 'Probe Font ${i}', monospace`;
      ctx.measureText('mmmmmmmmmmlli');
      ctx.measureText('mmmmmmmmmmlli');
    }
    expect(observations()).toEqual([{ kind: 'font-probe', scriptOrigin: THIRD, count: 1, apis: ['measureText'] }]);
  });

  it('flags probing through spans (inline font-family + offsetWidth) and fonts.check, not a few families', () => {
    from('https://fonts-probe.test');
    for (let i = 0; i < 25; i++) {
      const span = new FakeHTMLElement();
      span.style.props['font-family'] = `"Span Font ${i}", serif`;
      void span.offsetWidth;
      void span.offsetHeight;
    }
    expect(observations()).toEqual([{ kind: 'font-probe', scriptOrigin: 'https://fonts-probe.test', count: 1, apis: ['offsetWidth'] }]);
    clock += 60_000;
    const fonts = new FakeFontFaceSet();
    for (let i = 0; i < 5; i++) expect(fonts.check(`12px "Arial ${i}"`)).toBe(true);
    for (let i = 0; i < 5; i++) void new FakeHTMLElement().offsetWidth;
    expect(observations()).toEqual([]);
    for (let i = 5; i < 25; i++) fonts.check(`12px "Arial ${i}"`);
    expect(observations()).toEqual([{ kind: 'font-probe', scriptOrigin: 'https://fonts-probe.test', count: 1, apis: ['fonts.check'] }]);
  });
});

describe('batch delivery', () => {
  it('flushes on pagehide without waiting for the timer', () => {
    textCanvas().toDataURL();
    page.dispatchEvent(new Event('pagehide'));
    expect(batches.splice(0).flatMap((b) => b.observations)).toHaveLength(1);
  });

  it('attributes inline or unattributable calls to the page', () => {
    stack = 'Error\n    at <anonymous>:1:1';
    textCanvas().toDataURL();
    expect(observations()).toEqual([{ kind: 'canvas-readback', scriptOrigin: PAGE, count: 1, apis: ['toDataURL'] }]);
  });
});
