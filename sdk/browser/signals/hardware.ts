import { defineSignal } from './types';

/** Logical CPU cores and approximate device memory (GB; Chromium only, null elsewhere). */
export const hardwareSignal = defineSignal({
  id: 'hardware',
  category: 'device',
  purpose: 'Recognise a known device by its processor cores and memory class.',
  personalData: 'technical',
  text: { en: { name: 'Processor cores and memory' }, nb: { name: 'Prosessorkjerner og minne', purpose: 'Kjenne igjen en kjent enhet på prosessorkjerner og minneklasse.' } },
  budgetMs: 1_000,
  async collect() {
    const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    return { hardwareConcurrency: navigator.hardwareConcurrency ?? null, deviceMemory: typeof memory === 'number' ? memory : null };
  },
});
