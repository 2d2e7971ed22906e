// A valid SignalReport in the shape the built SDK sends (held to the shapes captured from it in
// Chromium, fixtures/sdk-signal-shapes.json, by report-shape.test.ts), for server tests.
import type { SignalReport } from '../../../../sdk/protocol/report';

/** A SignalReport for `site` on `origin` with a device id, visitor id and the usual browser signals. */
export function sampleReport(overrides: { site?: string; origin?: string; deviceId?: string; visitorId?: string; userAgent?: string } = {}): SignalReport {
  const site = overrides.site ?? 'example.com';
  const origin = overrides.origin ?? 'https://example.com';
  const at = new Date().toISOString();
  return {
    version: 1,
    site,
    origin,
    collectedAt: at,
    receipt: {
      version: 'twofold-receipt/1',
      receiptId: `rcpt-${crypto.randomUUID()}`,
      timestamp: at,
      jurisdiction: 'EU',
      collectionMethod: 'banner',
      site,
      origin,
      purposes: [{ id: 'security', description: 'Protect your account from takeover', legalBasis: 'consent' }],
      signals: [
        { id: 'user-agent', category: 'browser', personalData: 'technical' },
        { id: 'device-id', category: 'device', personalData: 'online-identifier' },
      ],
      gpc: null,
      events: [{ state: 'given', at }],
    },
    signals: {
      'user-agent': { value: { userAgent: overrides.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' }, durationMs: 1 },
      'device-id': { value: { id: overrides.deviceId ?? crypto.randomUUID(), createdAt: at, isNew: false }, durationMs: 2 },
      'visitor-id': { value: { visitorId: overrides.visitorId ?? 'a1b2c3d4e5f6', confidence: 0.9, version: '4.6.2' }, durationMs: 40 },
      'time-zone': { value: { timeZone: 'Europe/Oslo', offsetMinutes: 60 }, durationMs: 0 },
      languages: { value: { languages: ['nb-NO', 'en'], language: 'nb-NO' }, durationMs: 0 },
      automation: { value: { webdriver: false, headless: false, markers: [] }, durationMs: 0 },
    },
  };
}
