import { defineCollector } from './types';

/** What the automation check looks at; plain data so tests can describe any browser. */
export interface AutomationInput {
  webdriver: boolean | undefined;
  userAgent: string;
  brands: string[];
  outerWidth: number;
  outerHeight: number;
  /** Names of own properties on window/document that automation tools are known to leave. */
  globals: string[];
}

/** Property names left by PhantomJS, Nightmare, Selenium/ChromeDriver and similar tools. */
export const AUTOMATION_GLOBALS = [
  'callPhantom',
  '_phantom',
  '__nightmare',
  'domAutomation',
  'domAutomationController',
  '_selenium',
  '__webdriver_evaluate',
  '__selenium_unwrapped',
  '__fxdriver_unwrapped',
];

/**
 * Hints that a script, not a person, drives the browser. `headless` is true when the UA or the
 * client hints name HeadlessChrome or the window has no outer size; each hint is listed in `markers`.
 */
export function automationHints(input: AutomationInput): { webdriver: boolean; headless: boolean; markers: string[] } {
  const markers: string[] = [];
  if (input.webdriver === true) markers.push('navigator.webdriver');
  if (/HeadlessChrome/.test(input.userAgent)) markers.push('ua:HeadlessChrome');
  if (input.brands.some((b) => /Headless/i.test(b))) markers.push('client-hints:Headless');
  if (input.outerWidth === 0 && input.outerHeight === 0) markers.push('window:no-outer-size');
  for (const name of input.globals) markers.push(`global:${name}`);
  const headless = markers.some((m) => m.startsWith('ua:') || m.startsWith('client-hints:') || m === 'window:no-outer-size');
  return { webdriver: input.webdriver === true, headless, markers };
}

/** Automation hints: webdriver flag, headless markers, known automation globals. */
export const automationSignal = defineCollector({
  id: 'automation',
  budgetMs: 1_000,
  async collect() {
    const uaData = (navigator as Navigator & { userAgentData?: { brands?: { brand: string }[] } }).userAgentData;
    const globals = AUTOMATION_GLOBALS.filter((name) => name in window || name in document);
    // ChromeDriver injects `$cdc_…` / `cdc_…` keys on document.
    for (const key of Object.keys(document)) if (/^\$?cdc_/.test(key)) globals.push(key);
    return automationHints({
      webdriver: navigator.webdriver,
      userAgent: navigator.userAgent,
      brands: (uaData?.brands ?? []).map((b) => b.brand),
      outerWidth: window.outerWidth,
      outerHeight: window.outerHeight,
      globals,
    });
  },
});
