/**
 * When a call counts as fingerprinting: pure decisions, separate from the wrappers so they are
 * unit-tested and tuned in one place.
 *
 * Canvas read-back (toDataURL, toBlob, getImageData, OffscreenCanvas.convertToBlob, WebGL
 * readPixels) counts when ALL of:
 *  1. a context was created on the canvas (a blank canvas read, e.g. Modernizr's
 *     `toDataURL('image/webp')` support probe, reveals nothing about the device);
 *  2. no image content was drawn into it (drawImage/putImageData): thumbnails, photo filters,
 *     image editors, average-colour pickers work on images, fingerprinting scripts draw their own
 *     text and shapes so the pixels depend only on the device's rasteriser;
 *  3. either text was drawn (fillText/strokeText of at least 2 UTF-16 units: single glyphs are glyph
 *     atlases, e.g. map SDF renderers) and the canvas is detached (not in any document, or an
 *     OffscreenCanvas) or small (≤ 65,536 px, e.g. 256×256); or, with shapes only, the canvas is
 *     detached AND small AND the read covers ≥ 256 px (1×1 reads are colour-parsing tricks) AND no
 *     single glyph was drawn (a glyph atlas).
 * So a large canvas on screen (editor, chart, game) is never flagged, nor is anything image-derived.
 * Known blind spot (accepted for precision): a script that draws an image first, or reads a large
 * on-screen canvas of shapes only, is not flagged.
 *
 * Audio: OfflineAudioContext.startRendering of ≤ 10 s of audio (fingerprinting renders ~0.1–1 s;
 * offline mixdowns and exports of real audio are longer).
 *
 * Fonts: ≥ 20 distinct, non-generic font families first measured within 5 s (canvas measureText
 * after setting ctx.font, offsetWidth/offsetHeight/getBoundingClientRect of elements whose inline
 * font-family was set by script, document.fonts.check). Pages use a handful of families; probing
 * scripts test dozens to hundreds in one burst.
 */

/** Flag: a 2D/WebGL context was created on the canvas. */
export const CANVAS_CONTEXT = 1;
/** Flag: text of ≥ 2 UTF-16 units was drawn. */
export const CANVAS_TEXT = 2;
/** Flag: image content (drawImage/putImageData) was drawn. */
export const CANVAS_IMAGE = 4;
/** Flag: only single glyphs were drawn as text (glyph atlases, e.g. map SDF renderers). */
export const CANVAS_GLYPH = 8;
/** Largest canvas area (px) still considered "small". */
export const CANVAS_SMALL_AREA = 65_536;
/** Reads of shapes-only canvases smaller than this (px) are not fingerprinting (colour parsing). */
export const CANVAS_MIN_READ_AREA = 256;

/** What the detector knows about a canvas at read-back time. */
export interface CanvasFacts {
  flags: number;
  /** width × height of the canvas. */
  area: number;
  /** Pixels the read covers (the canvas area for toDataURL/toBlob). */
  readArea: number;
  /** Not connected to a document, or an OffscreenCanvas. */
  detached: boolean;
}

/** Whether a canvas read-back with these facts is canvas fingerprinting (see the rule above). */
export function isCanvasFingerprintRead(facts: CanvasFacts): boolean {
  if ((facts.flags & CANVAS_CONTEXT) === 0 || (facts.flags & CANVAS_IMAGE) !== 0) return false;
  const small = facts.area <= CANVAS_SMALL_AREA;
  if ((facts.flags & CANVAS_TEXT) !== 0) return facts.detached || small;
  return facts.detached && small && facts.readArea >= CANVAS_MIN_READ_AREA && (facts.flags & CANVAS_GLYPH) === 0;
}

/** Whether a fillText/strokeText argument counts as fingerprinting text, not a single glyph (never calls page code). */
export function isFingerprintText(text: unknown): boolean {
  if (typeof text === 'string') return text.length >= 2;
  if (typeof text === 'number') return String(text).length >= 2;
  // Objects would be stringified by the browser through page code; do not call it twice.
  return typeof text === 'object' && text !== null;
}

/** Longest offline render (seconds) still counted as audio fingerprinting. */
export const AUDIO_MAX_SECONDS = 10;

/** Whether rendering `length` frames at `sampleRate` Hz offline is audio fingerprinting. */
export function isAudioFingerprintRender(length: number, sampleRate: number): boolean {
  if (!(length > 0) || !(sampleRate > 0)) return true; // unknown shape: count it
  return length / sampleRate <= AUDIO_MAX_SECONDS;
}

/** Distinct families within the window that make a burst font probing. */
export const FONT_PROBE_THRESHOLD = 20;
/** The window (ms) the families must be first measured in. */
export const FONT_PROBE_WINDOW_MS = 5_000;

const GENERIC_FAMILIES = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'math',
  'emoji',
  'fangsong',
  'inherit',
  'initial',
  'unset',
  'revert',
  'revert-layer',
  'default',
  '-apple-system',
  'blinkmacsystemfont',
]);

/** The first family of a CSS font-family list, normalised; null when empty or a generic family. */
export function firstFontFamily(list: string): string | null {
  const text = list.trim();
  let family: string;
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    family = end < 0 ? text.slice(1) : text.slice(1, end);
  } else {
    const comma = text.indexOf(',');
    family = comma < 0 ? text : text.slice(0, comma);
  }
  family = family.trim().replace(/\s+/g, ' ').toLowerCase();
  if (family === '' || family.length > 200 || GENERIC_FAMILIES.has(family)) return null;
  return family;
}

const FONT_SIZE_THEN_FAMILY =
  /(?:^|\s)(?:[\d.]+(?:px|pt|pc|em|rem|ex|ch|%|in|cm|mm|q|vw|vh|vmin|vmax)|xx-small|x-small|small|medium|large|x-large|xx-large|xxx-large|smaller|larger)(?:\s*\/\s*\S+)?\s+(.+)$/i;

/** The first family of a CSS `font` shorthand (e.g. ctx.font = "72px 'Foo', monospace"), or null. */
export function familyFromFontShorthand(font: string): string | null {
  const match = FONT_SIZE_THEN_FAMILY.exec(font);
  return match?.[1] ? firstFontFamily(match[1]) : null;
}

/** The first family set by a CSS declaration block (cssText / style attribute), or null. */
export function familyFromCssText(cssText: string): string | null {
  const family = /(?:^|[;{\s])font-family\s*:\s*([^;]+)/i.exec(cssText);
  if (family?.[1]) return firstFontFamily(family[1]);
  const shorthand = /(?:^|[;{\s])font\s*:\s*([^;]+)/i.exec(cssText);
  return shorthand?.[1] ? familyFromFontShorthand(shorthand[1]) : null;
}

/** Counts distinct measured families per calling origin within a fixed window from the first. */
export interface FontProbeTracker {
  /** True when `family` was not measured yet in the current window (starts a new window if expired). */
  isNew(family: string, now: number): boolean;
  /** Counts one new family for `origin`; true exactly when the origin reaches the threshold. */
  countFor(origin: string): boolean;
}

/** Creates a tracker with the given threshold and window. */
export function createFontProbeTracker(threshold = FONT_PROBE_THRESHOLD, windowMs = FONT_PROBE_WINDOW_MS): FontProbeTracker {
  let windowStart = Number.NEGATIVE_INFINITY;
  let seen = new Set<string>();
  let perOrigin = new Map<string, number>();
  return {
    isNew(family, now) {
      if (now - windowStart > windowMs) {
        windowStart = now;
        seen = new Set();
        perOrigin = new Map();
      }
      if (seen.has(family)) return false;
      seen.add(family);
      return true;
    },
    countFor(origin) {
      const n = (perOrigin.get(origin) ?? 0) + 1;
      perOrigin.set(origin, n);
      return n === threshold;
    },
  };
}
