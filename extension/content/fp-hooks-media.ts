/**
 * GPU and audio hooks: WebGL getParameter of the unmasked renderer/vendor (WEBGL_debug_renderer_info,
 * WebGL 1 and 2) and OfflineAudioContext rendering (audio fingerprinting renders a short oscillator
 * through a compressor and hashes the samples).
 */
import { isAudioFingerprintRender } from './fp-heuristics';
import { originalGetter, plainNumber, protoOf, type DetectorContext } from './fp-context';

/** WEBGL_debug_renderer_info.UNMASKED_VENDOR_WEBGL. */
export const UNMASKED_VENDOR_WEBGL = 0x9245;
/** WEBGL_debug_renderer_info.UNMASKED_RENDERER_WEBGL. */
export const UNMASKED_RENDERER_WEBGL = 0x9246;

/** Installs the audio hooks and registers the (lazy) WebGL ones; returns how many functions were wrapped now. */
export function installMediaHooks(ctx: DetectorContext): number {
  const { global, wrap } = ctx;
  let wrapped = 0;
  const onParameter = (_gl: unknown, args: unknown[]) => {
    const pname = args[0];
    if (pname === UNMASKED_RENDERER_WEBGL || pname === UNMASKED_VENDOR_WEBGL) ctx.record('webgl-renderer', 'getParameter', ctx.attribute());
  };
  ctx.onWebGLPrototype((proto) => void wrap.method(proto, 'getParameter', { before: onParameter }));
  for (const name of ['OfflineAudioContext', 'webkitOfflineAudioContext']) {
    const proto = protoOf(global, name);
    const length = originalGetter(proto, 'length');
    const sampleRate = originalGetter(proto, 'sampleRate');
    const onRender = (audio: unknown) => {
      if (isAudioFingerprintRender(plainNumber(length?.(audio)), plainNumber(sampleRate?.(audio)))) {
        ctx.record('audio-render', 'startRendering', ctx.attribute());
      }
    };
    if (wrap.method(proto, 'startRendering', { before: onRender })) wrapped++;
  }
  return wrapped;
}
