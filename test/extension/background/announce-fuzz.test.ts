/**
 * Hostile input, extension side: seeded malformed page announcements through the real
 * path — the content script's forwarding stage (`forwardAnnouncement`, which validates with
 * `parseAnnouncement`) → the router (content tier) → the ledger's `ledger.announce` handler → the
 * ledger store on fake-indexeddb, with a real Twofold site on 127.0.0.1 for verification. Also what a
 * compromised content script could send straight to the background, announcements from senders
 * that are not pages, and well-formed announcements that lie. Every malformed one must be refused
 * with a typed error and leave the ledger byte-for-byte unchanged (no write attempted to the ledger
 * or the vault); a lie is recorded only under the sender's real origin, unverified; a valid one is
 * recorded (so the test can fail); no uncaught exception, no unhandled rejection, no prototype
 * pollution. A well-formed lie from the verified site's own page may still carry a new rights
 * token: only inside a receipt whose signature names it (`rth`), else it is refused.
 * "Well-formed" is decided by an independent oracle (announce-fuzz-oracle.ts: a verdict per class
 * by construction, and hand-written rules), never by the schema under test.
 * Reproduce with FUZZ_SEED=<seed>.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnnouncement } from '../../../sdk/protocol/announce';
import { ValidationError } from '../../../sdk/protocol/errors';
import { fingerprintLedgerHandlers, openFingerprintLedger } from '../../../extension/background/fingerprint-ledger';
import { ledgerHandlers, openLedgerStore, type FetchLike, type LedgerStore } from '../../../extension/background/ledger';
import { routeMessage, type HandlerMap, type SenderInfo } from '../../../extension/background/router';
import { forwardAnnouncement } from '../../../extension/content/announce-forward';
import type { TwofoldSiteEntry } from '../../../extension/ledger-view';
import type { MessageType, Reply } from '../../../extension/messages';
import { prng } from '../import/mutations';
import { CLAIM_CLASSES, DETAIL_CLASSES, lyingClaim, malformedDetail } from './announce-fuzz-cases';
import { announcementObjectVerdict, expectedDetailVerdict } from './announce-fuzz-oracle';
import { POPUP, SELF, contentScript, makeBackground } from './background-twin';
import { Tally, countingLedgerStore, countingVaultStorage, ledgerSnapshot, watchCrashes, type WriteCounter } from './fuzz-harness';
import { startTwofoldSite, type TwofoldSite } from './ledger/site-twin';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const DETAIL_CASES = 3000;
const MESSAGE_CASES = 2000;
const SENDER_CASES = 200;
const CLAIM_CASES = 300;

const watch = watchCrashes();
const counter: WriteCounter = { writes: 0 };
let shop: TwofoldSite;
let store: LedgerStore;
let raw: (message: unknown, sender: SenderInfo) => Promise<Reply<MessageType>> | undefined;
let valid: Record<string, unknown>;
let other: Record<string, unknown>;
let baseline: string;

const pick = <T>(xs: readonly T[], next: () => number): T => xs[Math.floor(next() * xs.length)]!;
const originOf = (url: string) => new URL(url).origin;
const pages = () => [`${shop.base}/account`, `${shop.base}/login?next=%2F`, 'https://news.example/article', 'http://localhost:9/'];

function expectNoPollution(label: string): void {
  expect(({} as Record<string, unknown>).polluted, `${label}: Object.prototype polluted`).toBeUndefined();
}

/** A snapshot without the request log's `token-refused` lines (the one write a refused token may make). */
function withoutRefusalLog(snapshot: string): string {
  const { sites, requests } = JSON.parse(snapshot) as { sites: unknown[]; requests: { action: string }[] };
  return JSON.stringify({ sites, requests: requests.filter((r) => r.action !== 'token-refused') });
}

/** A refused rights token: every site entry byte-identical; at most one write, a `token-refused` log line. */
async function expectTokenRefused(before: string, reply: unknown, label: string): Promise<void> {
  expect(reply, label).toMatchObject({ ok: false, error: { code: 'rights_token_refused', message: expect.stringMatching(/rights token/) } });
  expect(counter.writes, `${label}: more than the refusal log line written`).toBeLessThanOrEqual(1);
  const after = await ledgerSnapshot(store);
  expect(withoutRefusalLog(after), `${label}: a refused token changed the ledger`).toBe(withoutRefusalLog(before));
  const added = (JSON.parse(after) as { requests: { action: string }[] }).requests.length - (JSON.parse(before) as { requests: unknown[] }).requests.length;
  expect(added, label).toBeLessThanOrEqual(1);
}

/** A refused case: nothing written, nothing changed. */
async function expectUnchanged(before: string, label: string): Promise<void> {
  expect(counter.writes, `${label}: refused but wrote to the ledger`).toBe(0);
  expect(await ledgerSnapshot(store), `${label}: refused but the ledger changed`).toBe(before);
}

/** An accepted announcement: it may change only the sender origin's entry; then the entry is restored. */
async function expectKeyedBySender(before: string, senderUrl: string, label: string): Promise<TwofoldSiteEntry> {
  const origin = originOf(senderUrl);
  const sitesBefore = (JSON.parse(before) as { sites: TwofoldSiteEntry[] }).sites;
  const after = await store.listSites();
  const others = (sites: TwofoldSiteEntry[]) => JSON.stringify(sites.filter((s) => s.origin !== origin).sort((a, b) => a.origin.localeCompare(b.origin)));
  expect(others(after), `${label}: another origin's entry changed`).toBe(others(sitesBefore));
  const entry = after.find((s) => s.origin === origin);
  expect(entry, `${label}: not recorded under the sender's origin`).toBeDefined();
  expect(JSON.stringify(entry), label).not.toContain('polluted');
  if (entry!.verification.verified) expect([origin, entry!.site], `${label}: verified for the wrong site`).toEqual([shop.base, shop.site]);
  const previous = sitesBefore.find((s) => s.origin === origin);
  if (previous) await store.putSite(previous);
  else await store.forgetSite(origin);
  expect(withoutRefusalLog(await ledgerSnapshot(store)), `${label}: restore failed`).toBe(withoutRefusalLog(before));
  return entry!;
}

beforeAll(async () => {
  shop = await startTwofoldSite('shop.example');
  valid = (await shop.login('fuzz', 'device-fuzz')).announcement as unknown as Record<string, unknown>;
  other = (await shop.login('fuzz-2', 'device-fuzz-2')).announcement as unknown as Record<string, unknown>;
  const bg = makeBackground();
  // Vault writes count too: an announcement must never reach the vault.
  bg.deps.storage = countingVaultStorage(bg.deps.storage, counter);
  const name = `fuzz-${Date.now()}`;
  store = openLedgerStore(`ledger-${name}`);
  // The site twin is the only server reachable: any other well-known fetch fails like a dead host.
  const loopbackOnly: FetchLike = (url, init) =>
    url.startsWith(`${shop.base}/`) ? fetch(url, init) : Promise.reject(new TypeError('fetch failed: outside the test loopback'));
  const io = { store: countingLedgerStore(store, counter), fingerprints: openFingerprintLedger(`fp-${name}`), fetch: loopbackOnly };
  const handlers: HandlerMap = { ...bg.handlers, ...fingerprintLedgerHandlers(bg.deps, io.fingerprints), ...ledgerHandlers(bg.deps, io) };
  raw = (message, sender) => routeMessage(handlers, message, sender, SELF);
  // The site's genuine announcement is in the ledger before the fuzz: malformed input must not touch it.
  expect(await raw({ type: 'ledger.announce', announcement: valid }, contentScript(`${shop.base}/account`))).toEqual({
    ok: true,
    result: { recorded: true, withdraw: false },
  });
  expect((await store.getSite(shop.base))?.verification.verified).toBe(true);
  await raw({ type: 'ledger.announce', announcement: { ...valid, receiptSignature: undefined } }, contentScript('https://news.example/'));
  baseline = await ledgerSnapshot(store);
  console.info(`announce fuzz seed ${SEED} (FUZZ_SEED to reproduce)`);
}, 60_000);

afterAll(async () => {
  watch.stop();
  await shop?.close();
});

describe('announcement fuzz through the content script and the background', () => {
  it('a valid announcement is recorded (the control that lets this test fail)', async () => {
    const fresh = (await shop.login('fuzz-3', 'device-fuzz-3')).announcement;
    const before = await ledgerSnapshot(store);
    counter.writes = 0;
    const page = `${shop.base}/account`;
    const sent: unknown[] = [];
    await forwardAnnouncement(JSON.stringify(fresh), new EventTarget(), async (m) => {
      sent.push(m);
      return raw(m, contentScript(page));
    });
    expect(sent).toHaveLength(1);
    expect(counter.writes).toBe(1);
    expect(await ledgerSnapshot(store)).not.toBe(before);
    expect(await store.getSite(shop.base)).toMatchObject({ verification: { verified: true }, consent: { receiptId: fresh.receiptId } });
    await expectKeyedBySender(before, page, 'control');
  });

  it(`${DETAIL_CASES} malformed details from the page: ValidationError, nothing sent, ledger unchanged`, async () => {
    const next = prng(SEED);
    const tally = new Tally();
    for (let i = 0; i < DETAIL_CASES; i++) {
      const kind = pick(DETAIL_CLASSES, next);
      const detail = malformedDetail(next() < 0.7 ? valid : other, kind, next);
      const page = pick(pages(), next);
      const label = `detail case ${i} (${kind}, seed ${SEED})`;
      const expected = expectedDetailVerdict(kind, detail);
      let wellFormed = true;
      try {
        parseAnnouncement(detail);
      } catch (error) {
        wellFormed = false;
        expect(error, label).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).code, label).toBe('invalid_input');
        expect((error as ValidationError).message.length, label).toBeGreaterThan(20);
      }
      expect(wellFormed ? 'accept' : 'reject', `${label}: the schema disagrees with the oracle`).toBe(expected);
      const before = await ledgerSnapshot(store);
      counter.writes = 0;
      const replies: unknown[] = [];
      // The bridge forwards string details only (announce-bridge.ts); the forwarding stage validates.
      if (typeof detail === 'string')
        await forwardAnnouncement(detail, new EventTarget(), async (m) => {
          const reply = await raw(m, contentScript(page));
          replies.push(reply);
          return reply;
        });
      expectNoPollution(label);
      if (!wellFormed) {
        expect(replies, `${label}: a malformed detail reached the background`).toEqual([]);
        await expectUnchanged(before, label);
      } else if ((replies[0] as { ok?: boolean } | undefined)?.ok === false) {
        // Well-formed, but offering a rights token the site's signature does not cover.
        await expectTokenRefused(before, replies[0], label);
      } else {
        expect(replies, label).toEqual([{ ok: true, result: { recorded: true, withdraw: false } }]);
        await expectKeyedBySender(before, page, label);
      }
      tally.add(kind, !wellFormed ? 'rejected' : (replies[0] as { ok?: boolean }).ok ? 'still-valid' : 'token-refused');
    }
    console.info(tally.format('page details, by class'));
    expect(tally.count(undefined, 'rejected')).toBeGreaterThan(DETAIL_CASES * 0.8);
    expect(withoutRefusalLog(await ledgerSnapshot(store))).toBe(withoutRefusalLog(baseline));
    expect(watch.crashes).toEqual([]);
  }, 120_000);

  it(`${MESSAGE_CASES} malformed ledger.announce messages from a content script: invalid_message, ledger unchanged`, async () => {
    const next = prng(SEED ^ 0x5a5a);
    const tally = new Tally();
    for (let i = 0; i < MESSAGE_CASES; i++) {
      const kind = pick(DETAIL_CLASSES, next);
      const detail = malformedDetail(next() < 0.7 ? valid : other, kind, next);
      let announcement: unknown = detail;
      if (typeof detail === 'string') {
        try {
          announcement = JSON.parse(detail);
        } catch {
          announcement = detail; // what a broken content script would pass on: the raw string
        }
      }
      const message =
        next() < 0.9
          ? { type: 'ledger.announce', announcement }
          : pick<unknown>(
              [{ type: 'ledger.announce' }, { type: 'ledger.announce', announcement, site: 'bank.example', origin: 'https://bank.example' }, announcement],
              next,
            );
      const page = pick(pages(), next);
      const label = `message case ${i} (${kind}, seed ${SEED})`;
      const before = await ledgerSnapshot(store);
      counter.writes = 0;
      const reply = await raw(message, contentScript(page));
      expectNoPollution(label);
      // The oracle, not the schema under test, says what should pass.
      const wellFormed =
        typeof message === 'object' &&
        message !== null &&
        (message as { type?: unknown }).type === 'ledger.announce' &&
        announcementObjectVerdict((message as { announcement?: unknown }).announcement) === 'accept';
      if (reply === undefined) {
        // Dropped by the router (not a content-tier message type): no answer, no effect.
        expect(wellFormed, label).toBe(false);
        await expectUnchanged(before, label);
        tally.add(kind, 'dropped');
      } else if (!wellFormed) {
        expect(reply, label).toMatchObject({ ok: false, error: { code: 'invalid_message', message: expect.stringMatching(/^The request is not valid/) } });
        await expectUnchanged(before, label);
        tally.add(kind, 'invalid_message');
      } else if (!reply.ok) {
        await expectTokenRefused(before, reply, label);
        tally.add(kind, 'token-refused');
      } else {
        expect(reply, label).toEqual({ ok: true, result: { recorded: true, withdraw: false } });
        await expectKeyedBySender(before, page, label);
        tally.add(kind, 'still-valid');
      }
    }
    console.info(tally.format('content-script messages, by class'));
    expect(tally.count(undefined, 'invalid_message')).toBeGreaterThan(MESSAGE_CASES * 0.7);
    expect(withoutRefusalLog(await ledgerSnapshot(store))).toBe(withoutRefusalLog(baseline));
    expect(watch.crashes).toEqual([]);
  }, 120_000);

  it(`${SENDER_CASES} valid announcements from senders that are not pages: refused or dropped, ledger unchanged`, async () => {
    const next = prng(SEED + 7);
    const tally = new Tally();
    const tab = { id: 3, windowId: 1 };
    const senders: [string, SenderInfo][] = [
      ['popup', POPUP],
      ['options-page', { id: SELF.id, url: `${SELF.origin}/options.html` }],
      ['other-extension', { id: 'evil-extension', url: `${shop.base}/account`, tab }],
      ['no-tab', { id: SELF.id, url: `${shop.base}/account` }],
      ['no-url', { id: SELF.id, tab }],
      ...[
        'file:///etc/passwd',
        'data:text/html,hi',
        'about:blank',
        'javascript:alert(1)',
        'chrome-extension://other-id/page.html',
        'ftp://shop.example/',
        'not a url',
        '',
      ].map((url): [string, SenderInfo] => [`tab:${url.split(':')[0] || 'empty'}`, { id: SELF.id, url, tab: { ...tab, url } }]),
    ];
    for (let i = 0; i < SENDER_CASES; i++) {
      const [name, sender] = pick(senders, next);
      const label = `sender case ${i} (${name})`;
      const before = await ledgerSnapshot(store);
      counter.writes = 0;
      const reply = await raw({ type: 'ledger.announce', announcement: next() < 0.5 ? valid : other }, sender);
      if (reply !== undefined) {
        expect(reply.ok, label).toBe(false);
        if (!reply.ok) expect(reply.error.code, label).toBe('not_a_page');
      }
      await expectUnchanged(before, label);
      tally.add(name, reply === undefined ? 'dropped' : reply.ok ? 'accepted' : reply.error.code);
    }
    console.info(tally.format('senders that are not pages'));
    expect(tally.count(undefined, 'accepted')).toBe(0);
    expect(watch.crashes).toEqual([]);
  }, 60_000);

  it(`${CLAIM_CASES} well-formed lies (origin, site, signature, token): recorded under the sender only, unverified`, async () => {
    const next = prng(SEED + 11);
    const tally = new Tally();
    for (let i = 0; i < CLAIM_CASES; i++) {
      const kind = pick(CLAIM_CLASSES, next);
      const claim = lyingClaim(valid, other, kind, next);
      const page = pick(pages(), next);
      const label = `claim case ${i} (${kind} from ${page})`;
      const before = await ledgerSnapshot(store);
      counter.writes = 0;
      const reply = await raw({ type: 'ledger.announce', announcement: claim }, contentScript(page));
      if (reply?.ok === false && reply.error.code === 'rights_token_refused') {
        // A forged token offered over an existing entry: refused, the entry unchanged.
        await expectTokenRefused(before, reply, label);
        tally.add(kind, 'token-refused');
        continue;
      }
      if (reply?.ok === false) {
        // Some lies are also malformed (e.g. an empty claimed origin is fine, an over-long site is not).
        expect(reply.error.code, label).toBe('invalid_message');
        await expectUnchanged(before, label);
        tally.add(kind, 'invalid_message');
        continue;
      }
      expect(reply, label).toEqual({ ok: true, result: { recorded: true, withdraw: false } });
      const previousToken = (JSON.parse(before) as { sites: TwofoldSiteEntry[] }).sites.find((s) => s.origin === originOf(page))?.rightsToken;
      const entry = await expectKeyedBySender(before, page, label);
      // Every lie fails verification, and a token no signature covers is never stored.
      expect(entry.verification.verified, label).toBe(false);
      if (claim['rightsToken'] !== previousToken) expect(entry.rightsToken, `${label}: an uncovered token was stored`).not.toBe(claim['rightsToken']);
      tally.add(kind, entry.verification.verified ? 'recorded-verified' : `recorded-unverified:${entry.verification.reason}`);
    }
    console.info(tally.format('well-formed lies'));
    expect(withoutRefusalLog(await ledgerSnapshot(store))).toBe(withoutRefusalLog(baseline));
    expect(watch.crashes).toEqual([]);
  }, 120_000);
});
