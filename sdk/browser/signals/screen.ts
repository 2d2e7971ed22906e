import { defineCollector } from './types';

/** Screen size, available area, pixel ratio and colour depth. */
export const screenSignal = defineCollector({
  id: 'screen',
  budgetMs: 1_000,
  async collect() {
    const s = window.screen;
    return {
      width: s.width,
      height: s.height,
      availWidth: s.availWidth,
      availHeight: s.availHeight,
      pixelRatio: window.devicePixelRatio,
      colorDepth: s.colorDepth,
    };
  },
});
