// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { automationHints, automationSignal } from '../../../../sdk/browser/signals/automation';

const person = {
  webdriver: false,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36',
  brands: ['Chromium', 'Google Chrome'],
  outerWidth: 1280,
  outerHeight: 800,
  globals: [],
};

describe('automationHints', () => {
  it('an ordinary browser has no markers', () => {
    expect(automationHints(person)).toEqual({ webdriver: false, headless: false, markers: [] });
  });
  it('flags navigator.webdriver without calling it headless', () => {
    expect(automationHints({ ...person, webdriver: true })).toEqual({ webdriver: true, headless: false, markers: ['navigator.webdriver'] });
  });
  it('flags HeadlessChrome in the UA or the client-hint brands, and a window with no outer size', () => {
    expect(automationHints({ ...person, userAgent: person.userAgent.replace('Chrome/', 'HeadlessChrome/') }).headless).toBe(true);
    expect(automationHints({ ...person, brands: ['HeadlessChrome'] }).markers).toEqual(['client-hints:Headless']);
    expect(automationHints({ ...person, outerWidth: 0, outerHeight: 0 })).toMatchObject({ headless: true, markers: ['window:no-outer-size'] });
  });
  it('lists automation globals', () => {
    expect(automationHints({ ...person, globals: ['callPhantom'] }).markers).toEqual(['global:callPhantom']);
  });
  it('collect() reads the page (jsdom: a PhantomJS global is spotted)', async () => {
    (window as unknown as Record<string, unknown>).callPhantom = () => {};
    const value = await automationSignal.collect({ location: false, site: 'shop.example' });
    expect(value.markers).toContain('global:callPhantom');
    delete (window as unknown as Record<string, unknown>).callPhantom;
  });
});
