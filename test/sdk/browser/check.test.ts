import * as esbuild from 'esbuild';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildReceipt, storedReceiptFor } from '../../../sdk/browser/consent/receipt';
import { resolveOptions } from '../../../sdk/browser/options';
import { ValidationError } from '../../../sdk/protocol/errors';
import { ConsentReceiptSchema, ControllerSchema } from '../../../sdk/protocol/receipt';

const request = {
  site: 'shop.example',
  origin: 'https://shop.example',
  method: 'manual' as const,
  jurisdiction: 'NO',
  controller: { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/privacy' },
  signals: [{ id: 'screen', category: 'device' as const, purpose: 'x', personalData: 'technical' as const }],
};
const valid = buildReceipt({ ...request, receiptId: 'rcpt-0001-abcd', now: new Date('2026-03-01T10:00:00.000Z'), gpc: null, tcString: 'CP-abc' });

// Each mutation breaks one rule of ConsentReceiptSchema: the stored-receipt check must refuse what the schema refuses.
const mutations: [string, (r: Record<string, unknown>) => void][] = [
  ['version', (r) => (r.version = 'twofold-receipt/2')],
  ['receiptId too short', (r) => (r.receiptId = 'short')],
  ['receiptId too long', (r) => (r.receiptId = 'x'.repeat(65))],
  ['timestamp', (r) => (r.timestamp = 'yesterday')],
  ['timestamp date only', (r) => (r.timestamp = '2026-03-01')],
  ['timestamp number', (r) => (r.timestamp = 0)],
  ['jurisdiction', (r) => (r.jurisdiction = 'x'.repeat(33))],
  ['collectionMethod', (r) => (r.collectionMethod = 'popup')],
  ['site', (r) => (r.site = 7)],
  ['controller.name', (r) => (r.controller = { name: '', contact: '', policyUrl: '' })],
  ['controller missing field', (r) => (r.controller = { name: 'A', contact: 'b' })],
  ['policyUrl', (r) => (r.policyUrl = null)],
  ['purposes', (r) => (r.purposes = {})],
  ['purpose legal basis', (r) => (r.purposes = [{ id: 'a', description: 'b', legalBasis: 'contract' }])],
  ['signal category', (r) => (r.signals = [{ id: 'screen', category: 'shoe-size', personalData: 'technical' }])],
  ['signal class', (r) => (r.signals = [{ id: 'screen', category: 'device', personalData: 'secret' }])],
  ['signal entry', (r) => (r.signals = ['screen'])],
  ['gpc', (r) => (r.gpc = 'yes')],
  ['gpc missing', (r) => delete r.gpc],
  ['tcString', (r) => (r.tcString = 5)],
  ['tcString too long', (r) => (r.tcString = 'x'.repeat(8193))],
  ['events', (r) => (r.events = [{ state: 'paused', at: '2026-03-01T10:00:00.000Z' }])],
  ['event time', (r) => (r.events = [{ state: 'given', at: 'now' }])],
];

describe('stored receipt check (storedReceiptFor)', () => {
  it('accepts what buildReceipt wrote for the same request, which the shared schema accepts', () => {
    expect(v.is(ConsentReceiptSchema, valid)).toBe(true);
    expect(storedReceiptFor(JSON.parse(JSON.stringify(valid)), request)).toEqual(valid);
    const noGpcNoTcf = buildReceipt({ ...request, controller: undefined, receiptId: 'rcpt-0002-abcd', now: new Date(), gpc: true });
    expect(storedReceiptFor(JSON.parse(JSON.stringify(noGpcNoTcf)), { ...request, controller: undefined })).toEqual(noGpcNoTcf);
  });
  it.each(mutations)('refuses a bad %s, as the shared schema does', (_name, mutate) => {
    const bad = structuredClone(valid) as unknown as Record<string, unknown>;
    mutate(bad);
    expect(v.is(ConsentReceiptSchema, bad)).toBe(false);
    expect(storedReceiptFor(bad, request)).toBeNull();
  });
  it('refuses a valid receipt for another request: site, origin, method, jurisdiction, controller or signal list changed', () => {
    const others = [
      { ...request, site: 'other.example' },
      { ...request, origin: 'https://other.example' },
      { ...request, method: 'banner' as const },
      { ...request, jurisdiction: 'EU' },
      { ...request, controller: { ...request.controller, name: 'Other AS' } },
      { ...request, controller: undefined },
      { ...request, signals: [...request.signals, { id: 'touch', category: 'device' as const, purpose: 'y', personalData: 'technical' as const }] },
    ];
    for (const other of others) expect(storedReceiptFor(valid, other)).toBeNull();
  });
  it('refuses a withdrawn receipt, extra fields and non-objects', () => {
    const withdrawn = { ...valid, events: [...valid.events, { state: 'withdrawn', at: '2026-03-02T10:00:00+01:00' }] };
    expect(v.is(ConsentReceiptSchema, withdrawn)).toBe(true);
    expect(storedReceiptFor(withdrawn, request)).toBeNull();
    expect(storedReceiptFor({ ...valid, injected: '<img onerror>' }, request)).toBeNull();
    for (const bad of [null, undefined, 'receipt', [valid], 42, {}]) expect(storedReceiptFor(bad, request)).toBeNull();
  });
});

describe('hand-written init options check', () => {
  it('agrees with ControllerSchema on controllers and returns only the known fields', () => {
    const controller = { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/privacy', extra: 1 };
    expect(resolveOptions({ site: 's', consent: 'manual', controller }).controller).toEqual(v.parse(ControllerSchema, controller));
    for (const bad of [{ name: '', contact: '', policyUrl: '' }, { name: 'A', contact: 3, policyUrl: '' }, 'Shop AS']) {
      expect(v.is(ControllerSchema, bad)).toBe(false);
      expect(() => resolveOptions({ site: 's', consent: 'manual', controller: bad })).toThrow(ValidationError);
    }
  });
  it('says what each wrong field expects and what came', () => {
    const error = (() => {
      try {
        resolveOptions({ site: '', consent: 'popup', locale: 'sv', publicKey: 5, jurisdiction: '', location: 'yes' });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.issues).toEqual([
      'site: expected a string of 1-253 characters, received ""',
      'consent: expected one of "banner", "tcf", "manual", received "popup"',
      'locale: expected one of "en", "nb", received "sv"',
      'publicKey: expected the base64url key string or a public JWK object, received 5',
      'jurisdiction: expected a string of 1-32 characters, received ""',
      'location: expected true or false, received "yes"',
    ]);
    expect(() => resolveOptions(undefined)).toThrow(/Twofold.init options is not valid: options: expected an object, received undefined/);
  });
});

describe('page bundle', () => {
  it('does not import valibot except through sdk/protocol/seal.ts (whose split the lead owns)', async () => {
    const result = await esbuild.build({
      entryPoints: ['sdk/browser/index.ts'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      platform: 'browser',
      outfile: 'out.js',
      logLevel: 'silent',
    });
    const importers = Object.entries(result.metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => i.path.includes('node_modules/valibot')))
      .map(([file]) => file);
    expect(importers).toEqual([]);
  });
});
