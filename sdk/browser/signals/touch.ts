import { defineCollector } from './types';

/** Touch support: max touch points, TouchEvent support and a coarse primary pointer. */
export const touchSignal = defineCollector({
  id: 'touch',
  budgetMs: 1_000,
  async collect() {
    return {
      maxTouchPoints: navigator.maxTouchPoints ?? 0,
      touchEvent: 'ontouchstart' in window,
      coarsePointer: typeof matchMedia === 'function' ? matchMedia('(pointer: coarse)').matches : null,
    };
  },
});
