import { defineCollector } from './types';

/** The browser's preferred languages, in order. */
export const languagesSignal = defineCollector({
  id: 'languages',
  budgetMs: 1_000,
  async collect() {
    const languages = Array.isArray(navigator.languages) && navigator.languages.length > 0 ? [...navigator.languages] : [navigator.language];
    return { languages: languages.slice(0, 10), language: navigator.language };
  },
});
