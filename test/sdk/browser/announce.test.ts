// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../sdk/browser/consent/storage';
import { init } from '../../../sdk/browser/sdk';
import type { Collector } from '../../../sdk/browser/collector';
import { collectorOf } from './helpers/collector';
import { TwofoldError } from '../../../sdk/protocol/errors';
import { defineSignal, type Signal } from '../../../sdk/browser/signals/types';
import { version } from '../../../sdk/browser/version';
import { ANNOUNCE_EVENT, ANNOUNCE_REQUEST_EVENT, WITHDRAW_EVENT, parseAnnouncement, type Announcement } from '../../../sdk/protocol/announce';
import { ValidationError } from '../../../sdk/protocol/errors';

let reads = 0;
const signal = (id: string, category: Signal['category']): Signal =>
  defineSignal({
    id,
    category,
    purpose: 'test',
    personalData: 'technical',
    budgetMs: 500,
    collect: async () => {
      reads++;
      return id;
    },
  });
const registry = [signal('screen', 'device'), signal('languages', 'locale')];
const controller = { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/privacy' };

/** Lets pending promises and timers of zero delay run (a collector load, a replay). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A fresh SDK on its own event target, with every announcement it makes parsed as the extension would. */
function setup(consent: 'manual' | 'banner' = 'manual', collector: () => Promise<Collector> = collectorOf(registry)) {
  const events = new EventTarget();
  const storage = memoryStorage();
  const heard: Announcement[] = [];
  const raw: unknown[] = [];
  events.addEventListener(ANNOUNCE_EVENT, (e) => {
    const detail = (e as CustomEvent).detail;
    raw.push(detail);
    heard.push(parseAnnouncement(detail));
  });
  const tf = init({ site: 'shop.example', consent, controller }, { storage, registry, events, collector });
  const request = () => events.dispatchEvent(new CustomEvent(ANNOUNCE_REQUEST_EVENT));
  return { tf, events, storage, heard, raw, request };
}

describe('announcements to the extension', () => {
  it('before consent and after a refusal: requests get no answer, nothing is read or stored', async () => {
    reads = 0;
    const { tf, heard, request, storage, events } = setup();
    request();
    events.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
    await expect(tf.collect()).rejects.toMatchObject({ code: 'consent_required' });
    tf.setRightsToken('rt1.token-before-consent');
    tf.consent.deny();
    request();
    expect(heard).toEqual([]);
    expect(reads).toBe(0);
    expect(storage.data.size).toBe(0);
  });

  it('granted but nothing collected yet: still silent', async () => {
    const { tf, heard, request } = setup();
    tf.consent.grant();
    request();
    await settle(); // the collector, requested at the grant, has arrived and heard the request
    request();
    expect(heard).toEqual([]);
  });

  it('announces once after each collect, as a JSON string with the collected signal ids', async () => {
    const { tf, heard, raw, request } = setup();
    tf.consent.grant();
    const report = await tf.collect();
    expect(raw).toHaveLength(1);
    expect(typeof raw[0]).toBe('string');
    expect(heard[0]).toEqual({
      v: 1,
      site: 'shop.example',
      origin: location.origin,
      controller,
      policyUrl: controller.policyUrl,
      signals: [
        { id: 'screen', category: 'device' },
        { id: 'languages', category: 'locale' },
      ],
      receiptId: report.receipt.receiptId,
      receiptTime: report.receipt.timestamp,
      consent: 'granted',
      collectedAt: report.collectedAt,
      sdkVersion: version,
    });
    request();
    expect(heard).toHaveLength(2);
    expect(heard[1]).toEqual(heard[0]);
    await tf.inspect();
    expect(heard).toHaveLength(3);
  });

  it('setRightsToken adds the token and signature (in memory only) and re-announces', async () => {
    const { tf, heard, storage } = setup();
    tf.consent.grant();
    await tf.collect();
    tf.setRightsToken('rt1.abc.def', 'sig-base64url');
    expect(heard).toHaveLength(2);
    expect(heard[1]).toMatchObject({ rightsToken: 'rt1.abc.def', receiptSignature: 'sig-base64url', consent: 'granted' });
    expect([...storage.data.values()].join()).not.toMatch(/rt1\.abc|sig-base64url/);
    expect(() => tf.setRightsToken('')).toThrow(ValidationError);
    expect(() => tf.setRightsToken('t', 'x'.repeat(5000))).toThrow(/signature/);
    // docs/announce-protocol.md: non-empty strings of at most 4096 characters.
    expect(() => tf.setRightsToken('t'.repeat(4097))).toThrow(/at most 4096 characters/);
    expect(() => tf.setRightsToken('t'.repeat(4096), 's'.repeat(4096))).not.toThrow();
    expect(() => tf.setRightsToken(42 as unknown as string)).toThrow(/POST \/twofold\/record/);
  });

  it('a page that only received its rights token (no collection here) announces with collectedAt null', async () => {
    const { tf, heard } = setup();
    tf.consent.grant();
    tf.setRightsToken('rt1.only');
    await settle(); // announced by the collector, requested at the grant
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ collectedAt: null, rightsToken: 'rt1.only', signals: [{ id: 'screen' }, { id: 'languages' }] });
  });

  it('revoke announces `withdrawn` once (with the token, so the extension can still erase), then the token is dropped', async () => {
    const { tf, heard, request } = setup();
    tf.consent.grant();
    await tf.collect();
    tf.setRightsToken('rt1.tok');
    await tf.consent.revoke();
    expect(heard).toHaveLength(3);
    const withdrawn = heard[2]!;
    expect(withdrawn).toMatchObject({ consent: 'withdrawn', rightsToken: 'rt1.tok', receiptId: heard[0]!.receiptId });
    expect(withdrawn.withdrawnAt).toBe(tf.consent.receipt?.events.at(-1)?.at);
    tf.consent.deny();
    tf.setRightsToken('rt1.late-token');
    expect(heard).toHaveLength(3);
    // A content script that asks later on this page still learns of the withdrawal.
    request();
    expect(heard[3]).toEqual(withdrawn);
    // A new grant and collection on this page announce a fresh consent, without the old token.
    tf.consent.grant();
    await tf.collect();
    expect(heard.at(-1)).toMatchObject({ consent: 'granted' });
    expect(heard.at(-1)?.rightsToken).toBeUndefined();
    expect(JSON.stringify(heard)).not.toContain('late-token');
  });

  it('twofold:withdraw revokes a live consent: storage wiped, withdrawal announced', async () => {
    const { tf, heard, events, storage } = setup('banner');
    tf.consent.grant();
    await tf.collect();
    expect(storage.data.size).toBeGreaterThan(0);
    events.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
    await new Promise((r) => setTimeout(r, 0));
    expect(tf.consent.state).toBe('denied');
    expect(storage.wiped).toBe(1);
    expect(storage.data.size).toBe(0);
    expect(heard.at(-1)?.consent).toBe('withdrawn');
  });
});

/** A collector that arrives only when the test says so (or fails to, once). */
function heldCollector() {
  const real = collectorOf(registry);
  let arrive!: () => void;
  let fail!: () => void;
  const load = Object.assign(
    () =>
      new Promise<Collector>((resolve, reject) => {
        load.loads++;
        arrive = () => void real().then(resolve);
        fail = () => reject(new TwofoldError('collector_unavailable', 'network down'));
      }),
    { loads: 0 },
  );
  return { load, arrive: () => arrive(), fail: () => fail() };
}

describe('announcements while the collector loads (the loader holds them, the collector replays them in order)', () => {
  it('a rights token and requests before it arrives: announced once it arrives, as they would have been then', async () => {
    const collector = heldCollector();
    const { tf, heard, request } = setup('manual', collector.load);
    tf.consent.grant();
    expect(collector.load.loads).toBe(1);
    request(); // nothing to announce yet at this moment
    tf.setRightsToken('rt1.early', 'sig');
    request();
    request(); // a run of requests gets one answer: each would get the same announcement
    await settle();
    expect(heard).toEqual([]);
    collector.arrive();
    await settle();
    expect(heard).toHaveLength(2);
    expect(heard[0]).toMatchObject({ consent: 'granted', collectedAt: null, rightsToken: 'rt1.early', receiptSignature: 'sig' });
    expect(heard[1]).toEqual(heard[0]);
    // From now on the announcer answers at once.
    request();
    expect(heard).toHaveLength(3);
  });

  it('twofold:withdraw before it arrives revokes at once; the withdrawal is announced when it arrives, with the token', async () => {
    const collector = heldCollector();
    const { tf, heard, events, storage } = setup('banner', collector.load);
    tf.consent.grant();
    tf.setRightsToken('rt1.tok');
    events.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
    await settle();
    expect(tf.consent.state).toBe('denied');
    expect(storage.data.size).toBe(0);
    expect(heard).toEqual([]);
    collector.arrive();
    await settle();
    // The same two announcements, in the same order, as with the collector already there.
    expect(heard.map((a) => [a.consent, a.rightsToken])).toEqual([
      ['granted', 'rt1.tok'],
      ['withdrawn', 'rt1.tok'],
    ]);
    expect(heard[1]?.withdrawnAt).toBe(tf.consent.receipt?.events.at(-1)?.at);
  });

  it('a token handed over before consent is not announced by the grant, only when asked (as before the collector split)', async () => {
    const { tf, heard, request } = setup();
    tf.setRightsToken('rt1.before');
    tf.consent.grant();
    await settle();
    expect(heard).toEqual([]);
    request();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ consent: 'granted', rightsToken: 'rt1.before' });
  });

  it('a failed load holds the calls; the retry by collect() replays them, then announces the collection', async () => {
    const collector = heldCollector();
    const { tf, heard } = setup('manual', collector.load);
    tf.consent.grant();
    collector.fail();
    tf.setRightsToken('rt1.kept');
    await settle();
    expect(heard).toEqual([]);
    const collected = tf.collect();
    expect(collector.load.loads).toBe(2);
    collector.arrive();
    const report = await collected;
    expect(heard.map((a) => [a.collectedAt, a.rightsToken])).toEqual([
      [null, 'rt1.kept'],
      [report.collectedAt, 'rt1.kept'],
    ]);
  });

  it('requests and consent changes before any grant never load the collector and announce nothing after it', async () => {
    const collector = heldCollector();
    const { tf, heard, request, events } = setup('manual', collector.load);
    for (let i = 0; i < 1000; i++) request();
    events.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
    tf.consent.deny();
    expect(collector.load.loads).toBe(0);
    tf.consent.grant();
    collector.arrive();
    await settle();
    expect(heard).toEqual([]);
  });
});

describe('parseAnnouncement (what the extension runs on every detail)', () => {
  const good = JSON.stringify({
    v: 1,
    site: 's.example',
    origin: 'https://s.example',
    signals: [{ id: 'screen', category: 'device' }],
    receiptId: 'rcpt-12345',
    receiptTime: '2026-03-01T10:00:00.000Z',
    consent: 'granted',
    collectedAt: null,
    sdkVersion: '0.1.0',
    extra: 'dropped',
  });
  it('accepts a valid payload and drops unknown fields', () => {
    expect(parseAnnouncement(good)).not.toHaveProperty('extra');
  });
  it.each([
    ['an object detail', { v: 1 }, /JSON string/],
    ['bad JSON', '{', /not valid JSON/],
    ['an oversized detail', 'x'.repeat(40_000), /limit/],
    ['a wrong category', good.replace('"device"', '"shoe"'), /signals\.0\.category/],
    ['a wrong consent state', good.replace('"granted"', '"maybe"'), /consent/],
    ['a bad time', good.replace('2026-03-01T10:00:00.000Z', 'noon'), /receiptTime/],
  ])('rejects %s with a ValidationError', (_name, detail, message) => {
    expect(() => parseAnnouncement(detail)).toThrow(ValidationError);
    expect(() => parseAnnouncement(detail)).toThrow(message);
  });
});

describe('attack: a hostile page flooding twofold:request and twofold:withdraw', () => {
  it('10,000 requests while the collector loads are held as one, and answered once when it arrives', async () => {
    const collector = heldCollector();
    const { tf, heard, request } = setup('manual', collector.load);
    tf.consent.grant();
    tf.setRightsToken('rt1.flooded');
    for (let i = 0; i < 10_000; i++) request();
    collector.arrive();
    await settle();
    expect(collector.load.loads).toBe(1);
    // The token's announcement and one answer for the whole run of requests, not 10,001.
    expect(heard).toHaveLength(2);
    expect(heard[1]).toEqual(heard[0]);
  });

  it('a flood of withdraw events revokes once: one wipe, one withdrawal announced, nothing loaded before consent', async () => {
    const before = heldCollector();
    const pending = setup('manual', before.load);
    for (let i = 0; i < 1000; i++) pending.events.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
    await settle();
    expect(before.load.loads).toBe(0);
    expect(pending.storage.wiped).toBe(0);
    expect(pending.tf.consent.state).toBe('pending');

    const { tf, heard, events, storage } = setup('banner');
    tf.consent.grant();
    await tf.collect();
    for (let i = 0; i < 1000; i++) events.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
    await settle();
    expect(storage.wiped).toBe(1);
    expect(storage.data.size).toBe(0);
    expect(heard.filter((a) => a.consent === 'withdrawn')).toHaveLength(1);
  });
});
