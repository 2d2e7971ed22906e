// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { init } from '../../../sdk/browser/sdk';
import type { Collector } from '../../../sdk/browser/collector';
import { rethrowAs } from '../../../sdk/browser/page-error';
import { collectorOf } from './helpers/collector';
import { memoryStorage } from '../../../sdk/browser/consent/storage';
import { defineSignal, type Signal } from '../../../sdk/browser/signals/types';
import { ConsentRequiredError, TwofoldError } from '../../../sdk/protocol/errors';
import { SignalReportSchema } from '../../../sdk/protocol/report';
import { parseWith } from '../../../sdk/protocol/validate';

let reads = 0;
const signal = (id: string, collect: () => Promise<unknown>, budgetMs = 500): Signal =>
  defineSignal({ id, category: 'device', purpose: 'test', personalData: 'technical', budgetMs, collect });
const registry = [
  signal('fine', async () => {
    reads++;
    return { ok: true };
  }),
  signal('broken', () => Promise.reject(new Error('boom'))),
  signal('stuck', () => new Promise(() => {}), 30),
];

describe('Twofold.init (jsdom, fake registry)', () => {
  it('creating the SDK reads nothing; collect() and inspect() reject until granted', async () => {
    reads = 0;
    const storage = memoryStorage();
    const tf = init({ site: 'shop.example', consent: 'manual' }, { storage, registry, collector: collectorOf(registry) });
    expect(tf.consent.state).toBe('pending');
    await expect(tf.collect()).rejects.toBeInstanceOf(ConsentRequiredError);
    await expect(tf.inspect()).rejects.toMatchObject({ code: 'consent_required' });
    tf.consent.deny();
    await expect(tf.collect()).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(reads).toBe(0);
    expect(storage.data.size).toBe(0);
  });

  it('the collector is not loaded while pending, after a refusal or for a refused seal; once after a grant', async () => {
    const collector = collectorOf(registry);
    const tf = init({ site: 'shop.example', consent: 'manual', publicKey: 'A'.repeat(87) }, { storage: memoryStorage(), registry, collector });
    await expect(tf.collect()).rejects.toBeInstanceOf(ConsentRequiredError);
    tf.consent.deny();
    await expect(tf.seal({ nonce: 'n'.repeat(22) })).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(collector.loads).toBe(0);
    tf.consent.grant();
    await tf.collect();
    expect(collector.loads).toBe(1);
  });

  it('the collector is requested the moment consent is granted, before collect(); a failed load is retried by collect()', async () => {
    const collector = collectorOf(registry);
    let failNext = true;
    const flaky = Object.assign(
      async () => {
        if (failNext) {
          failNext = false;
          throw new TwofoldError('collector_unavailable', 'network down');
        }
        return collector();
      },
      { loads: 0 },
    );
    const tf = init({ site: 'shop.example', consent: 'manual' }, { storage: memoryStorage(), registry, collector: flaky });
    expect(failNext).toBe(true);
    tf.consent.grant();
    expect(failNext).toBe(false); // asked at once, in grant(); that attempt failed
    expect(collector.loads).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the failure has settled
    await tf.collect();
    expect(collector.loads).toBe(1);
    await tf.collect();
    expect(collector.loads).toBe(1); // one load per instance
  });

  it("grant() requests the collector before it touches storage, so the fetch overlaps the receipt's first localStorage access", async () => {
    const collector = collectorOf(registry);
    const inner = memoryStorage();
    const loadsAtStorage: number[] = [];
    const storage = {
      ...inner,
      readReceipt: () => {
        loadsAtStorage.push(collector.loads);
        return inner.readReceipt();
      },
      writeReceipt: (receipt: Parameters<typeof inner.writeReceipt>[0]) => {
        loadsAtStorage.push(collector.loads);
        inner.writeReceipt(receipt);
      },
    };
    const tf = init({ site: 'shop.example', consent: 'manual' }, { storage, registry, collector });
    tf.consent.grant();
    expect(loadsAtStorage).toEqual([1, 1]);
    await tf.collect();
    expect(collector.loads).toBe(1);
  });

  it('without a collector (a source build, not dist/sdk) collect() after a grant rejects with collector_unavailable', async () => {
    const tf = init({ site: 'shop.example', consent: 'manual' }, { storage: memoryStorage(), registry });
    tf.consent.grant();
    await expect(tf.collect()).rejects.toMatchObject({ code: 'collector_unavailable', message: expect.stringContaining('same directory') });
  });

  it('after grant: a valid report where a failing and a stuck signal are error entries', async () => {
    const tf = init({ site: 'shop.example', consent: 'manual' }, { storage: memoryStorage(), registry, collector: collectorOf(registry) });
    tf.consent.grant();
    const report = parseWith(SignalReportSchema, await tf.collect(), 'report');
    expect(report.signals.fine?.value).toEqual({ ok: true });
    expect(report.signals.broken?.error).toBe('Error: boom');
    expect(report.signals.stuck?.error).toMatch(/^timeout/);
    expect(report.receipt.signals.map((s) => s.id)).toEqual(['fine', 'broken', 'stuck']);
    const inspected = await tf.inspect();
    expect(inspected.meta.fine).toEqual({ id: 'fine', category: 'device', purpose: 'test', personalData: 'technical' });
  });

  it('a withdrawal during collection drops the results and wipes what the collection wrote late', async () => {
    const storage = memoryStorage();
    // Simulates the device-id signal creating its database after the visitor withdrew.
    const lateWriter = signal('late', () => new Promise((r) => setTimeout(() => r(storage.data.set('device-db', 'x')), 20)));
    const tf = init({ site: 'shop.example', consent: 'manual' }, { storage, registry: [lateWriter], collector: collectorOf([lateWriter]) });
    tf.consent.grant();
    const pending = tf.collect();
    await tf.consent.revoke();
    expect(storage.data.size).toBe(0);
    await expect(pending).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(storage.data.size).toBe(0);
  });

  it('a banner refusal during collection keeps the remembered choice after the late wipe', async () => {
    const storage = memoryStorage();
    const lateWriter = signal('late', () => new Promise((r) => setTimeout(() => r(storage.data.set('device-db', 'x')), 20)));
    const tf = init({ site: 'shop.example', consent: 'banner' }, { storage, registry: [lateWriter], collector: collectorOf([lateWriter]) });
    tf.consent.grant();
    const pending = tf.collect();
    tf.consent.deny();
    await expect(pending).rejects.toBeInstanceOf(ConsentRequiredError);
    expect([...storage.data.entries()]).toEqual([['twofold.choice', 'denied']]);
  });

  it('banner mode shows the dialog; the site may still answer programmatically', () => {
    const tf = init({ site: 'shop.example', consent: 'banner' }, { storage: memoryStorage(), registry, collector: collectorOf(registry) });
    expect(document.getElementById('twofold-consent')).not.toBeNull();
    tf.consent.grant();
    expect(document.getElementById('twofold-consent')).toBeNull();
  });

  it("the collector's errors (its own TwofoldError copy) reach the page as this TwofoldError with the same code; other errors pass unchanged", async () => {
    // The collector is built separately: a class with the same name and shape, not the same class.
    class CollectorsTwofoldError extends Error {
      readonly code = 'seal_bad_key';
      readonly status = 400;
      constructor(message: string) {
        super(message);
        this.name = 'TwofoldError';
      }
    }
    // A collector whose sealing fails with `error`, rethrown as the real collector does (page-error.ts)
    // with the class the loader hands it.
    const failingWith = (error: unknown) => {
      const base = collectorOf(registry);
      return Object.assign(
        async (): Promise<Collector> => ({
          ...(await base()),
          sealReport: async (_report, { pageError }) => rethrowAs(pageError, error),
        }),
        { loads: 0 },
      );
    };
    const foreign = new CollectorsTwofoldError('The site public key is not a P-256 key.');
    const tf = init(
      { site: 'shop.example', consent: 'manual', publicKey: 'A'.repeat(87) },
      { storage: memoryStorage(), registry, collector: failingWith(foreign) },
    );
    tf.consent.grant();
    const error = await tf.seal({ nonce: 'n'.repeat(22) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwofoldError);
    expect(error).toMatchObject({ code: 'seal_bad_key', message: 'The site public key is not a P-256 key.', status: 400, cause: foreign });

    const form = document.createElement('form');
    form.innerHTML = '<button type="submit">Sign in</button>';
    document.body.appendChild(form);
    tf.attach(form, { nonce: 'n'.repeat(22) });
    // Added after attach: sees only the resubmission, with the error field in place.
    const submitted = new Promise<void>((resolve) =>
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        resolve();
      }),
    );
    form.requestSubmit();
    await submitted;
    expect(form.querySelector<HTMLInputElement>('input[name="twofold_error"]')?.value).toBe('seal_bad_key');

    // Its SealError (named so) too, e.g. a key that is 65 bytes but not a P-256 point.
    class CollectorsSealError extends CollectorsTwofoldError {
      constructor(message: string) {
        super(message);
        this.name = 'SealError';
      }
    }
    const sealError = new CollectorsSealError('The site public key is not a valid P-256 point.');
    const sealing = init(
      { site: 'shop.example', consent: 'manual', publicKey: 'A'.repeat(87) },
      { storage: memoryStorage(), registry, collector: failingWith(sealError) },
    );
    sealing.consent.grant();
    const sealFailure = await sealing.seal({ nonce: 'n'.repeat(22) }).catch((e: unknown) => e);
    expect(sealFailure).toBeInstanceOf(TwofoldError);
    expect(sealFailure).toMatchObject({ code: 'seal_bad_key', cause: sealError });
    // A platform error (DOMException's code is a number) passes unchanged.
    const platform = new DOMException('no key', 'DataError');
    const withPlatform = init(
      { site: 'shop.example', consent: 'manual', publicKey: 'A'.repeat(87) },
      { storage: memoryStorage(), registry, collector: failingWith(platform) },
    );
    withPlatform.consent.grant();
    await expect(withPlatform.seal({ nonce: 'n'.repeat(22) })).rejects.toBe(platform);

    const plain = new Error('boom');
    const other = init(
      { site: 'shop.example', consent: 'manual', publicKey: 'A'.repeat(87) },
      { storage: memoryStorage(), registry, collector: failingWith(plain) },
    );
    other.consent.grant();
    await expect(other.seal({ nonce: 'n'.repeat(22) })).rejects.toBe(plain);
  });
});
