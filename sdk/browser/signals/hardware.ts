import { defineCollector } from './types';

/** Logical CPU cores and approximate device memory (GB; Chromium only, null elsewhere). */
export const hardwareSignal = defineCollector({
  id: 'hardware',
  budgetMs: 1_000,
  async collect() {
    const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    return { hardwareConcurrency: navigator.hardwareConcurrency ?? null, deviceMemory: typeof memory === 'number' ? memory : null };
  },
});
