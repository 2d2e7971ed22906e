import { defineSignal } from './types';

/** Touch support: max touch points, TouchEvent support and a coarse primary pointer. */
export const touchSignal = defineSignal({
  id: 'touch',
  category: 'device',
  purpose: 'Tell touch devices from mouse-driven ones, to recognise a known device.',
  personalData: 'technical',
  text: { en: { name: 'Touch support' }, nb: { name: 'Berøringsstøtte', purpose: 'Skille berøringsenheter fra musstyrte, for å kjenne igjen en kjent enhet.' } },
  budgetMs: 1_000,
  async collect() {
    return {
      maxTouchPoints: navigator.maxTouchPoints ?? 0,
      touchEvent: 'ontouchstart' in window,
      coarsePointer: typeof matchMedia === 'function' ? matchMedia('(pointer: coarse)').matches : null,
    };
  },
});
