/**
 * Hostile input for the refusal paths (export passphrase, rights-token swap, forged fingerprint
 * batches, below), through the real router and stores (fake-
 * indexeddb): each must give a clear, typed refusal and leave the vault, the accounts and the
 * ledger byte-identical.
 * - Wrong export passphrases (near misses, junk, over-long, non-strings) for both exports.
 * - Rights-token swaps over a verified entry: random tokens with the verified receipt, with no
 *   signature, with genuine receipts signed for other tokens or without `rth`.
 * - Forged fingerprint batches from cross-origin sub-frames (any counts, any script origins): the
 *   top site's records never change; everything lands under the sending frame's own origin.
 * Reproduce with FUZZ_SEED=<seed>.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintLedgerHandlers, openFingerprintLedger, type FingerprintLedger } from '../../../extension/background/fingerprint-ledger';
import { ledgerHandlers, openLedgerStore, type LedgerStore } from '../../../extension/background/ledger';
import { routeMessage, type HandlerMap, type SenderInfo } from '../../../extension/background/router';
import { FINGERPRINT_APIS, FINGERPRINT_KINDS } from '../../../extension/content/fp-kinds';
import type { MessageType, Reply } from '../../../extension/messages';
import { NASTY, prng } from '../import/mutations';
import { POPUP, SELF, contentScript, makeBackground } from './background-twin';
import { Tally, countingLedgerStore, countingVaultStorage, ledgerSnapshot, vaultSnapshot, watchCrashes, type WriteCounter } from './fuzz-harness';
import { nodeFetch } from './ledger/site-twin';
import { startSignedSite, type SignedSite } from './ledger/signed-site';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const PASSPHRASE_CASES = 40;
const SWAP_CASES = 150;
const FRAME_CASES = 300;
const PASSPHRASE = 'correct horse battery staple';
const MINE = 'rt1.the-users-own-token';

const watch = watchCrashes();
const counter: WriteCounter = { writes: 0 };
let bank: SignedSite;
let ledger: LedgerStore;
let fingerprints: FingerprintLedger;
let bg: ReturnType<typeof makeBackground>;
let raw: (message: unknown, sender: SenderInfo) => Promise<Reply<MessageType>> | undefined;

const pick = <T>(xs: readonly T[], next: () => number): T => xs[Math.floor(next() * xs.length)]!;
const everything = async () => `${await vaultSnapshot(bg.deps.storage)}\n${await ledgerSnapshot(ledger)}\n${JSON.stringify(await fingerprints.list())}`;

beforeAll(async () => {
  bank = await startSignedSite('bank.example');
  bg = makeBackground();
  bg.deps.storage = countingVaultStorage(bg.deps.storage, counter);
  const name = `refusal-${Date.now()}`;
  ledger = openLedgerStore(`ledger-${name}`);
  fingerprints = openFingerprintLedger(`fp-${name}`);
  const io = { store: countingLedgerStore(ledger, counter), fingerprints, fetch: nodeFetch };
  const handlers = { ...bg.handlers, ...fingerprintLedgerHandlers(bg.deps, fingerprints), ...ledgerHandlers(bg.deps, io) } as HandlerMap;
  raw = (message, sender) => routeMessage(handlers, message, sender, SELF);
  expect(await raw({ type: 'vault.create', passphrase: PASSPHRASE }, POPUP)).toMatchObject({ ok: true });
  expect(await raw({ type: 'accounts.addUri', uri: 'otpauth://totp/Bank:me?secret=JBSWY3DPEHPK3PXP&issuer=Bank' }, POPUP)).toMatchObject({ ok: true });
  expect(await raw({ type: 'ledger.announce', announcement: await bank.announcement('rcpt-login-0001', MINE) }, contentScript(`${bank.base}/account`))).toEqual(
    { ok: true, result: { recorded: true, withdraw: false } },
  );
  expect(await ledger.getSite(bank.base)).toMatchObject({ rightsToken: MINE, verification: { verified: true } });
  console.info(`refusal fuzz seed ${SEED} (FUZZ_SEED to reproduce)`);
}, 60_000);

afterAll(async () => {
  watch.stop();
  await bank?.close();
});

describe('refusal paths change nothing', () => {
  it(`${PASSPHRASE_CASES} wrong export passphrases: wrong_passphrase or invalid_message, nothing exported, nothing changed`, async () => {
    const next = prng(SEED);
    const guesses: unknown[] = [PASSPHRASE.toUpperCase(), `${PASSPHRASE} `, PASSPHRASE.slice(0, -1), '', 'x'.repeat(1025), ...NASTY];
    const tally = new Tally();
    const before = await everything();
    for (let i = 0; i < PASSPHRASE_CASES; i++) {
      const guess = i < 3 ? guesses[i] : pick(guesses, next);
      const request =
        next() < 0.5
          ? { type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: guess }
          : { type: 'accounts.exportBackup', password: 'backup password 1', passphrase: guess };
      const label = `passphrase case ${i} (${request.type}, ${JSON.stringify(guess)?.slice(0, 40)})`;
      counter.writes = 0;
      const reply = await raw(request, POPUP);
      expect(reply?.ok, label).toBe(false);
      const code = reply && !reply.ok ? reply.error.code : 'none';
      expect(['wrong_passphrase', 'invalid_message'], label).toContain(code);
      expect(JSON.stringify(reply), label).not.toMatch(/JBSWY3DP|otpauth:/);
      expect(counter.writes, label).toBe(0);
      tally.add(request.type, code);
    }
    console.info(tally.format('wrong export passphrases'));
    expect(await everything()).toBe(before);
    // The control: the right passphrase exports (so the refusals above can fail).
    expect(await raw({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: PASSPHRASE }, POPUP)).toMatchObject({
      ok: true,
      result: { text: expect.stringContaining('JBSWY3DP') },
    });
  }, 120_000);

  it(`${SWAP_CASES} rights-token swaps on a verified entry: rights_token_refused, the entry byte-identical`, async () => {
    const next = prng(SEED + 1);
    const tally = new Tally();
    const entry = JSON.stringify(await ledger.getSite(bank.base));
    const vault = await vaultSnapshot(bg.deps.storage);
    const genuine = await bank.announcement('rcpt-login-0001', MINE);
    for (let i = 0; i < SWAP_CASES; i++) {
      const token = pick([`rt1.${Math.floor(next() * 1e9).toString(36)}`, 'x', 'r'.repeat(4096), '💥', 'T'.repeat(4000)], next);
      const id = `rcpt-swap-${String(i).padStart(4, '0')}`;
      const how = pick(['verified-receipt', 'unsigned', 'receipt-for-my-token', 'receipt-without-rth', 'garbage-signature'] as const, next);
      const swap =
        how === 'verified-receipt'
          ? { ...genuine, rightsToken: token }
          : how === 'unsigned'
            ? await bank.announcement(id, token, null)
            : how === 'receipt-for-my-token'
              ? await bank.announcement(id, token, await bank.receipt(id, { rightsToken: MINE }))
              : how === 'receipt-without-rth'
                ? await bank.announcement(id, token, await bank.receipt(id))
                : await bank.announcement(id, token, `rc1.${'A'.repeat(Math.floor(next() * 200))}.${'B'.repeat(86)}`);
      const label = `swap case ${i} (${how})`;
      counter.writes = 0;
      const reply = await raw({ type: 'ledger.announce', announcement: swap }, contentScript(`${bank.base}/${pick(['account', 'login', ''], next)}`));
      expect(reply, label).toMatchObject({ ok: false, error: { code: 'rights_token_refused' } });
      expect(counter.writes, label).toBeLessThanOrEqual(1); // the refusal line in the site's log
      expect(JSON.stringify(await ledger.getSite(bank.base)), label).toBe(entry);
      tally.add(how, reply && !reply.ok ? reply.error.code : 'accepted');
    }
    console.info(tally.format('token swaps'));
    expect(await vaultSnapshot(bg.deps.storage)).toBe(vault);
    expect((await ledger.listRequests(bank.base)).every((r) => r.action === 'token-refused')).toBe(true);
    expect(watch.crashes).toEqual([]);
  }, 120_000);

  it(`${FRAME_CASES} forged fingerprint batches from cross-origin sub-frames: nothing filed under the top site`, async () => {
    const next = prng(SEED + 2);
    const tally = new Tally();
    const top = 'https://news.example';
    // The top site's own genuine observation, which forged batches must never change.
    expect(
      await raw(
        { type: 'ledger.fingerprintObserved', batch: { v: 1, observations: [{ kind: 'canvas-readback', scriptOrigin: top, count: 1, apis: ['toDataURL'] }] } },
        contentScript(`${top}/article`),
      ),
    ).toEqual({ ok: true, result: { recorded: 1 } });
    const topRecords = JSON.stringify(await fingerprints.listSite(top));
    const vault = await vaultSnapshot(bg.deps.storage);
    const ledgerBefore = await ledgerSnapshot(ledger);
    const frames = ['https://ads.test', 'https://cdn.tracker.example', 'http://localhost:9', 'https://news.example.evil.test'];
    for (let i = 0; i < FRAME_CASES; i++) {
      const frame = pick(frames, next);
      const observations = Array.from({ length: 1 + Math.floor(next() * 5) }, () => ({
        kind: pick(FINGERPRINT_KINDS, next),
        scriptOrigin: pick([top, 'null', frame, 'https://victim.example', 'javascript:alert(1)', ''], next),
        count: pick([1, 999_999, 1_000_000, 1_000_001, -1, 0, 1.5, Number.MAX_SAFE_INTEGER], next),
        apis: [pick(FINGERPRINT_APIS, next)],
      }));
      const label = `frame case ${i} (${frame})`;
      const sender = { ...contentScript(`${frame}/frame.html`), tab: { id: 9, url: `${top}/article`, windowId: 1 } };
      const reply = await raw({ type: 'ledger.fingerprintObserved', batch: { v: 1, observations }, ...(next() < 0.3 ? { site: top } : {}) }, sender);
      expect(reply, label).toBeDefined();
      if (reply!.ok) {
        const stored = await fingerprints.listSite(frame);
        expect(
          stored.every((r) => r.site === frame && r.insideOf?.includes(top)),
          label,
        ).toBe(true);
      } else {
        expect(reply!.error.code, label).toBe('invalid_message');
      }
      expect(JSON.stringify(await fingerprints.listSite(top)), `${label}: filed under the top site`).toBe(topRecords);
      tally.add(frame, reply!.ok ? 'filed-under-frame' : reply!.error.code);
    }
    console.info(tally.format('forged sub-frame batches'));
    expect(tally.count(undefined, 'filed-under-frame')).toBeGreaterThan(0);
    expect(tally.count(undefined, 'invalid_message')).toBeGreaterThan(0);
    expect(await vaultSnapshot(bg.deps.storage)).toBe(vault);
    expect(await ledgerSnapshot(ledger)).toBe(ledgerBefore);
    expect(watch.crashes).toEqual([]);
  }, 120_000);
});
