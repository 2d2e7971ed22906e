import { defineSignal } from './types';

/** The browser's preferred languages, in order. */
export const languagesSignal = defineSignal({
  id: 'languages',
  category: 'locale',
  purpose: 'Compare the preferred languages with earlier sign-ins; a sudden change can indicate someone else.',
  personalData: 'quasi-identifier',
  text: { en: { name: 'Preferred languages' }, nb: { name: 'Foretrukne språk', purpose: 'Sammenligne foretrukne språk med tidligere innlogginger; en plutselig endring kan tyde på en annen person.' } },
  budgetMs: 1_000,
  async collect() {
    const languages = Array.isArray(navigator.languages) && navigator.languages.length > 0 ? [...navigator.languages] : [navigator.language];
    return { languages: languages.slice(0, 10), language: navigator.language };
  },
});
