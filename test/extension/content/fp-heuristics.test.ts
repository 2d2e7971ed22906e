import { describe, expect, it } from 'vitest';
import {
  CANVAS_CONTEXT,
  CANVAS_GLYPH,
  CANVAS_IMAGE,
  CANVAS_TEXT,
  createFontProbeTracker,
  familyFromCssText,
  familyFromFontShorthand,
  firstFontFamily,
  isAudioFingerprintRender,
  isCanvasFingerprintRead,
  isFingerprintText,
} from '../../../extension/content/fp-heuristics';

const read = (flags: number, width: number, height: number, detached: boolean, readArea = width * height) =>
  isCanvasFingerprintRead({ flags, area: width * height, readArea, detached });

describe('canvas read-back heuristic', () => {
  it('flags the classic text canvas (FingerprintJS 240×60, detached)', () => {
    expect(read(CANVAS_CONTEXT | CANVAS_TEXT, 240, 60, true)).toBe(true);
  });
  it('flags a detached shapes-only canvas (geometry 122×110, WebGL 256×128)', () => {
    expect(read(CANVAS_CONTEXT, 122, 110, true)).toBe(true);
    expect(read(CANVAS_CONTEXT, 256, 128, true)).toBe(true);
  });
  it('flags a large detached text canvas, and a small attached one', () => {
    expect(read(CANVAS_CONTEXT | CANVAS_TEXT, 2000, 200, true)).toBe(true);
    expect(read(CANVAS_CONTEXT | CANVAS_TEXT, 220, 30, false)).toBe(true);
  });
  it('ignores blank canvases (no context: e.g. toDataURL("image/webp") support probes)', () => {
    expect(read(0, 300, 150, true)).toBe(false);
  });
  it('ignores anything image-derived (thumbnails, editors, photo filters), even with text on top', () => {
    expect(read(CANVAS_CONTEXT | CANVAS_IMAGE, 200, 200, true)).toBe(false);
    expect(read(CANVAS_CONTEXT | CANVAS_IMAGE | CANVAS_TEXT, 200, 50, true)).toBe(false);
    expect(read(CANVAS_CONTEXT | CANVAS_IMAGE, 1920, 1080, false)).toBe(false);
  });
  it('ignores large on-screen canvases (charts, games) and on-screen colour pickers', () => {
    expect(read(CANVAS_CONTEXT | CANVAS_TEXT, 800, 400, false)).toBe(false);
    expect(read(CANVAS_CONTEXT, 200, 200, false)).toBe(false);
  });
  it('ignores tiny reads of shapes-only canvases (colour parsing via a 1×1 pixel)', () => {
    expect(read(CANVAS_CONTEXT, 1, 1, true)).toBe(false);
    expect(read(CANVAS_CONTEXT, 100, 100, true, 1)).toBe(false);
    expect(read(CANVAS_CONTEXT | CANVAS_TEXT, 100, 100, true, 1)).toBe(true);
  });
  it('does not flag a detached glyph-atlas canvas (single glyphs drawn, then read back)', () => {
    expect(read(CANVAS_CONTEXT | CANVAS_GLYPH, 48, 48, true)).toBe(false);
    expect(read(CANVAS_CONTEXT | CANVAS_GLYPH | CANVAS_TEXT, 48, 48, true)).toBe(true);
  });
  it('counts text of two or more UTF-16 units; single glyphs are glyph atlases', () => {
    expect(isFingerprintText('Cwm fjordbank gly')).toBe(true);
    expect(isFingerprintText(String.fromCharCode(55357, 56835))).toBe(true); // one emoji, two units
    expect(isFingerprintText('A')).toBe(false);
    expect(isFingerprintText(7)).toBe(false);
    expect(isFingerprintText(42)).toBe(true);
    let called = 0;
    expect(
      isFingerprintText({
        toString: () => {
          called++;
          return 'x';
        },
      }),
    ).toBe(true);
    expect(called).toBe(0); // never calls page code
  });
});

describe('audio heuristic', () => {
  it('counts short offline renders, not long mixdowns', () => {
    expect(isAudioFingerprintRender(5000, 44100)).toBe(true);
    expect(isAudioFingerprintRender(44100, 44100)).toBe(true);
    expect(isAudioFingerprintRender(44100 * 180, 44100)).toBe(false);
    expect(isAudioFingerprintRender(0, 0)).toBe(true);
  });
});

describe('font family parsing', () => {
  it('takes the first non-generic family of a list', () => {
    expect(firstFontFamily("'Arial Black', monospace")).toBe('arial black');
    expect(firstFontFamily('"Segoe  UI",sans-serif')).toBe('segoe ui');
    expect(firstFontFamily('Calibri, serif')).toBe('calibri');
    expect(firstFontFamily('monospace')).toBeNull();
    expect(firstFontFamily('  ')).toBeNull();
  });
  it('reads the family out of a font shorthand', () => {
    expect(familyFromFontShorthand("72px 'Wingdings', monospace")).toBe('wingdings');
    expect(familyFromFontShorthand('italic small-caps bold 12.5px/1.2 "Helvetica Neue", sans-serif')).toBe('helvetica neue');
    expect(familyFromFontShorthand('large Georgia')).toBe('georgia');
    expect(familyFromFontShorthand('10px sans-serif')).toBeNull();
    expect(familyFromFontShorthand('caption')).toBeNull();
  });
  it('reads the family out of a declaration block', () => {
    expect(familyFromCssText('position:absolute; font-family: "Fira Code", monospace; left:-9999px')).toBe('fira code');
    expect(familyFromCssText('font: 16px Verdana')).toBe('verdana');
    expect(familyFromCssText('color: red')).toBeNull();
  });
});

describe('font probe tracker', () => {
  it('crosses the threshold once per origin when 20 distinct families are measured within the window', () => {
    const tracker = createFontProbeTracker(20, 5000);
    let crossings = 0;
    for (let i = 0; i < 40; i++) {
      if (tracker.isNew(`font ${i}`, 1000 + i) && tracker.countFor('https://fp.test')) crossings++;
      expect(tracker.isNew(`font ${i}`, 1000 + i)).toBe(false); // a repeat measurement is not new
    }
    expect(crossings).toBe(1);
  });
  it('does not flag families measured slowly (a font picker over minutes)', () => {
    const tracker = createFontProbeTracker(20, 5000);
    let crossings = 0;
    for (let i = 0; i < 100; i++) if (tracker.isNew(`font ${i}`, i * 1000) && tracker.countFor('https://a.test')) crossings++;
    expect(crossings).toBe(0);
  });
  it('starts a new window after the old one expired, so the same fonts count again', () => {
    const tracker = createFontProbeTracker(3, 5000);
    const burst = (t: number) => ['a', 'b', 'c'].filter((f) => tracker.isNew(f, t) && tracker.countFor('o')).length;
    expect(burst(0)).toBe(1);
    expect(burst(60_000)).toBe(1);
  });
});
