import { defineSignal } from './types';

/** Screen size, available area, pixel ratio and colour depth. */
export const screenSignal = defineSignal({
  id: 'screen',
  category: 'device',
  purpose: 'Recognise the display of a known device.',
  personalData: 'technical',
  text: { en: { name: 'Screen size and colour depth' }, nb: { name: 'Skjermstørrelse og fargedybde', purpose: 'Kjenne igjen skjermen på en kjent enhet.' } },
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
