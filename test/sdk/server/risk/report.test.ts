import { describe, expect, it } from 'vitest';
import { DEVICE_ID_PATTERN, attemptFromReport } from '../../../../sdk/server/risk/report';
import { sampleReport } from '../helpers/report';

const DEV1 = 'dev1-AbCdEfGhIjKlMnOp';
const DEV2 = 'dev2-AbCdEfGhIjKlMnOp';
const context = { userId: 'alice', ip: '198.51.100.7', userAgent: 'Mozilla/5.0 server-seen', time: 1_700_000_000_000 };

describe('attemptFromReport', () => {
  it('fills device, visitor, time zone, languages, automation and consent from the SDK signals', () => {
    const report = sampleReport({ deviceId: DEV1, visitorId: 'fp-1' });
    report.signals['device-id'] = { value: { id: DEV1, createdAt: new Date().toISOString(), isNew: false }, durationMs: 1 };
    report.signals.languages = { value: { languages: ['nb-NO', 'en'], language: 'nb-NO' }, durationMs: 0 };
    report.signals.automation = { value: { webdriver: false, headless: true, markers: ['ua:HeadlessChrome'] }, durationMs: 0 };
    expect(attemptFromReport(report, context)).toEqual({
      ...context,
      consent: true,
      reportSent: true,
      deviceId: DEV1,
      visitorId: 'fp-1',
      timezone: 'Europe/Oslo',
      languages: ['nb-NO', 'en'],
      automation: true,
      signalCoverage: { sent: 5, of: 5, missing: [] },
      // The report's own user agent, parsed, for the consistency rules (never the attempt's userAgent).
      reported: { browser: 'Chrome 140', os: 'Linux' },
    });
  });

  it('accepts plain values too (device id as a string, languages as an array)', () => {
    const report = sampleReport();
    report.signals['device-id'] = { value: DEV2, durationMs: 1 };
    const attempt = attemptFromReport(report, context);
    expect(attempt.deviceId).toBe(DEV2);
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
    expect(attemptFromReport(report, context)).toEqual({
      ...context,
      consent: true,
      reportSent: true,
      signalCoverage: { sent: 0, of: 5, missing: ['device-id', 'visitor-id', 'time-zone', 'languages', 'automation'] },
    });
  });

  it('a malformed device id (short, or with characters the SDK never writes) counts as none', () => {
    for (const id of ['dev 1', 'dév-1', '', `${'a'.repeat(20)}"}`, `${'a'.repeat(20)}\n`, 'a'.repeat(201), `  ${'a'.repeat(20)}`]) {
      const report = sampleReport();
      report.signals['device-id'] = { value: { id, createdAt: new Date().toISOString(), isNew: false }, durationMs: 1 };
      const attempt = attemptFromReport(report, context);
      expect(attempt.deviceId).toBeUndefined();
      expect(attempt.signalCoverage?.missing).toEqual(['device-id']);
    }
    expect(DEVICE_ID_PATTERN.test('AbCdEfGhIjKlMnOpQrStUv')).toBe(true); // the SDK's 22 base64url characters
    expect(DEVICE_ID_PATTERN.test(crypto.randomUUID())).toBe(true);
  });

  it('a withdrawn receipt or no report at all means consent refused', () => {
    const withdrawn = sampleReport();
    withdrawn.receipt.events.push({ state: 'withdrawn', at: new Date().toISOString() });
    expect(attemptFromReport(withdrawn, context).consent).toBe(false);
    expect(attemptFromReport(withdrawn, context).reportSent).toBe(true);
    expect(attemptFromReport(undefined, context)).toEqual({ ...context, consent: false, reportSent: false });
  });
});
