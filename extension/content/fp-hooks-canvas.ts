/**
 * Canvas read-back hooks (HTMLCanvasElement, OffscreenCanvas, 2D and WebGL contexts). Drawing calls
 * only set bits on a per-canvas record (a WeakMap lookup); the decision and the stack trace happen
 * at read-back time, and each canvas is attributed once (its first fingerprinting read), so pages
 * that read the same canvas in a loop pay one stack capture, not one per call.
 */
import { CANVAS_CONTEXT, CANVAS_GLYPH, CANVAS_IMAGE, CANVAS_TEXT, isCanvasFingerprintRead, isFingerprintText } from './fp-heuristics';
import type { FingerprintApi } from './fp-kinds';
import { originalGetter, plainNumber, protoOf, type DetectorContext } from './fp-context';

interface CanvasState {
  flags: number;
  canvas: object;
  offscreen: boolean;
  origin: string | undefined;
}

const CONTEXT_2D = ['CanvasRenderingContext2D', 'OffscreenCanvasRenderingContext2D'];

/** Installs the canvas hooks; returns how many functions were wrapped (WebGL ones come lazily). */
export function installCanvasHooks(ctx: DetectorContext, glContextCreated: (context: object) => void): number {
  const { global, wrap } = ctx;
  const states = new WeakMap<object, CanvasState>();
  const htmlCanvas = protoOf(global, 'HTMLCanvasElement');
  const offscreenCanvas = protoOf(global, 'OffscreenCanvas');
  const size = {
    html: [originalGetter(htmlCanvas, 'width'), originalGetter(htmlCanvas, 'height')],
    offscreen: [originalGetter(offscreenCanvas, 'width'), originalGetter(offscreenCanvas, 'height')],
  };
  const isConnected = originalGetter(protoOf(global, 'Node'), 'isConnected');
  let wrapped = 0;

  const stateOf = (canvas: object, offscreen: boolean): CanvasState => {
    let state = states.get(canvas);
    if (state === undefined) {
      state = { flags: 0, canvas, offscreen, origin: undefined };
      states.set(canvas, state);
    }
    return state;
  };

  const check = (state: CanvasState | undefined, api: FingerprintApi, readArea: number | undefined) => {
    if (state === undefined || (state.flags & CANVAS_IMAGE) !== 0) return;
    const [width, height] = state.offscreen ? size.offscreen : size.html;
    const area = plainNumber(width?.(state.canvas)) * plainNumber(height?.(state.canvas));
    const detached = state.offscreen || isConnected?.(state.canvas) !== true;
    if (!isCanvasFingerprintRead({ flags: state.flags, area, readArea: readArea ?? area, detached })) return;
    state.origin ??= ctx.attribute();
    ctx.record('canvas-readback', api, state.origin);
  };

  const onContext = (offscreen: boolean) => (canvas: unknown, args: unknown[], result: unknown) => {
    if (typeof canvas !== 'object' || canvas === null || typeof result !== 'object' || result === null) return;
    const state = stateOf(canvas, offscreen);
    state.flags |= CANVAS_CONTEXT;
    states.set(result, state);
    if (typeof args[0] === 'string' && args[0] !== '2d' && args[0] !== 'bitmaprenderer') glContextCreated(result);
  };
  const readArea = (args: unknown[]) => Math.abs(plainNumber(args[2]) * plainNumber(args[3]));

  if (wrap.method(htmlCanvas, 'getContext', { after: onContext(false) })) wrapped++;
  if (wrap.method(offscreenCanvas, 'getContext', { after: onContext(true) })) wrapped++;
  for (const api of ['toDataURL', 'toBlob'] as const) {
    if (wrap.method(htmlCanvas, api, { before: (canvas) => check(states.get(canvas as object), api, undefined) })) wrapped++;
  }
  if (wrap.method(offscreenCanvas, 'convertToBlob', { before: (canvas) => check(states.get(canvas as object), 'convertToBlob', undefined) })) wrapped++;

  for (const name of CONTEXT_2D) {
    const proto = protoOf(global, name);
    const onText = (c: unknown, args: unknown[]) => {
      const state = states.get(c as object);
      if (state !== undefined) state.flags |= isFingerprintText(args[0]) ? CANVAS_TEXT : CANVAS_GLYPH;
    };
    const onImage = (c: unknown) => {
      const state = states.get(c as object);
      if (state !== undefined) state.flags |= CANVAS_IMAGE;
    };
    if (wrap.method(proto, 'fillText', { before: onText })) wrapped++;
    if (wrap.method(proto, 'strokeText', { before: onText })) wrapped++;
    if (wrap.method(proto, 'drawImage', { before: onImage })) wrapped++;
    if (wrap.method(proto, 'putImageData', { before: onImage })) wrapped++;
    if (wrap.method(proto, 'getImageData', { before: (c, args) => check(states.get(c as object), 'getImageData', readArea(args)) })) wrapped++;
  }
  ctx.onWebGLPrototype((proto) => {
    wrap.method(proto, 'readPixels', { before: (gl, args) => check(states.get(gl as object), 'readPixels', readArea(args)) });
  });
  return wrapped;
}
