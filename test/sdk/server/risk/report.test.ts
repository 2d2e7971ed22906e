import { describe, expect, it } from 'vitest';
import { attemptFromReport } from '../../../../sdk/server/risk/report';
import { sampleReport } from '../helpers/report';

const context = { userId: 'alice', ip: '198.51.100.7', userAgent: 'Mozilla/5.0 server-seen', time: 1_700_000_000_000 };

describe('attemptFromReport', () => {
  it('fills device, visitor, time zone, languages, automation and consent from the SDK signals', () => {
    const report = sampleReport({ deviceId: 'dev-1', visitorId: 'fp-1' });
    report.signals['device-id'] = { value: { id: 'dev-1', createdAt: new Date().toISOString(), isNew: false }, durationMs: 1 };
    report.signals.languages = { value: { languages: ['nb-NO', 'en'], language: 'nb-NO' }, durationMs: 0 };
    report.signals.automation = { value: { webdriver: false, headless: true, markers: ['ua:HeadlessChrome'] }, durationMs: 0 };
    expect(attemptFromReport(report, context)).toEqual({
      ...context,
      consent: true,
      deviceId: 'dev-1',
      visitorId: 'fp-1',
      timezone: 'Europe/Oslo',
      languages: ['nb-NO', 'en'],
      automation: true,
    });
  });

  it('accepts plain values too (device id as a string, languages as an array)', () => {
    const attempt = attemptFromReport(sampleReport({ deviceId: 'dev-2' }), context);
    expect(attempt.deviceId).toBe('dev-2');
    expect(attempt.languages).toEqual(['nb-NO', 'en']);
    expect(attempt.automation).toBe(false);
  });

  it('the server-observed IP and User-Agent win over anything in the report', () => {
    const attempt = attemptFromReport(sampleReport({ userAgent: 'claimed by the page' }), context);
    expect(attempt.userAgent).toBe(context.userAgent);
    expect(attempt.ip).toBe(context.ip);
  });

  it('tolerates missing and errored signals', () => {
    const report = sampleReport();
    report.signals = {
      'device-id': { error: 'timeout', durationMs: 3000 },
      'visitor-id': { value: 42, durationMs: 1 },
      languages: { value: 'not-a-list', durationMs: 0 },
    };
    expect(attemptFromReport(report, context)).toEqual({ ...context, consent: true });
  });

  it('a withdrawn receipt or no report at all means consent refused', () => {
    const withdrawn = sampleReport();
    withdrawn.receipt.events.push({ state: 'withdrawn', at: new Date().toISOString() });
    expect(attemptFromReport(withdrawn, context).consent).toBe(false);
    expect(attemptFromReport(undefined, context)).toEqual({ ...context, consent: false });
  });
});
