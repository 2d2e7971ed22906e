// What a collection keeps from a report: the bounded feature values the rules use and the signal
// ids, never the raw report; the worst case of every bound fits MAX_COLLECTION_BYTES.
import { describe, expect, it } from 'vitest';
import { MAX_COLLECTION_BYTES, MAX_COLLECTION_SIGNALS, collectionFeatures, collectionOf, featuresOfStoredReport } from '../../../sdk/server/collection';
import { attemptFromReport } from '../../../sdk/server/risk/report';
import { sampleReport } from './helpers/report';

const context = { userId: 'u', ip: '192.0.2.1', userAgent: 'UA', time: 0 };

describe('collectionOf', () => {
  it('keeps the rule features of an SDK report and its signal ids', () => {
    const report = sampleReport({ deviceId: 'device-0123456789abcdef', visitorId: 'visitor-1' });
    const { signals, features } = collectionOf(report, attemptFromReport(report, context));
    expect(signals).toEqual(Object.keys(report.signals).sort());
    expect(features).toEqual([
      { feature: 'device-id', value: 'device-0123456789abcdef' },
      { feature: 'visitor-id', value: 'visitor-1' },
      { feature: 'time-zone', value: 'Europe/Oslo' },
      { feature: 'language', value: 'nb-NO' },
      { feature: 'language', value: 'en' },
      { feature: 'automation', value: 'false' },
      { feature: 'consent', value: 'granted' },
    ]);
  });

  it('stays under MAX_COLLECTION_BYTES with every field at its bound, quotes and backslashes included', () => {
    const worst = '"\\'.repeat(100);
    const features = collectionFeatures({
      ...context,
      deviceId: worst,
      visitorId: worst,
      timezone: worst.slice(0, 64),
      languages: Array.from({ length: 50 }, () => worst.slice(0, 35)),
      automation: true,
      consent: true,
    });
    const report = sampleReport();
    for (let i = 0; i < 500; i++) report.signals[`s${String(i).padStart(39, '0')}`] = { value: i, durationMs: 0 };
    const signals = collectionOf(report, context).signals;
    expect(signals).toHaveLength(MAX_COLLECTION_SIGNALS);
    expect(features.filter((f) => f.feature === 'language')).toHaveLength(10);
    expect(Buffer.byteLength(JSON.stringify({ signals, features }))).toBeLessThanOrEqual(MAX_COLLECTION_BYTES);
  });

  it('drops values that are not printable ASCII or exceed their bound instead of cutting them', () => {
    const features = collectionFeatures({
      ...context,
      deviceId: 'd'.repeat(201),
      visitorId: 'ok\u0000no',
      timezone: 'Zone/ÆØÅ',
      languages: ['en', 'x'.repeat(36)],
    });
    expect(features).toEqual([{ feature: 'language', value: 'en' }]);
  });

  it('projects a report stored whole by an earlier version (the migration), and nothing from garbage', () => {
    const report = sampleReport({ deviceId: 'device-0123456789abcdef' });
    expect(featuresOfStoredReport(report)).toContainEqual({ feature: 'device-id', value: 'device-0123456789abcdef' });
    expect(featuresOfStoredReport(null)).toEqual([]);
    expect(featuresOfStoredReport({ signals: 'nope' })).toEqual([]);
  });
});
