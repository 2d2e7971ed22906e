/**
 * Hostile input, extension side: seeded malformed import files through the background's
 * real `accounts.import` path (router → handler → importAccounts → vault on fake-indexeddb), on an
 * unlocked vault that already holds accounts, for every importer in the registry (enumerated, so
 * a new importer is fuzzed as soon as it has a seed). Every refusal must be a typed error with a
 * code and a message, and leave the vault byte-for-byte unchanged (no write was even attempted);
 * a mutated file that still imports must add only valid, readable accounts (then undone). Each
 * importer's `read` is also called directly, by name, with its own and every other seed mutated,
 * so an importer that detection would never pick is still fuzzed. No uncaught exception and no
 * unhandled rejection may occur. Reproduce with FUZZ_SEED=<seed>; FUZZ_DEBUG=1 prints every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwofoldError } from '../../../sdk/protocol/errors';
import { parseAccount } from '../../../extension/account';
import { importers, toInput, unsupportedFormats } from '../../../extension/background/import';
import { readEntries } from '../../../extension/background/vault';
import type { VaultStorage } from '../../../extension/background/vault-db';
import { makeBackground } from './background-twin';
import { Tally, countingVaultStorage, vaultSnapshot, watchCrashes, type WriteCounter } from './fuzz-harness';
import { SECRETS, drawClass, loadSeeds, makeCase, nasty, type FuzzCase, type Seed } from './import-fuzz-cases';
import { prng } from '../import/mutations';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const BACKGROUND_CASES_PER_IMPORTER = 150;
const DIRECT_CASES_PER_IMPORTER = 100;
const ENVELOPE_CASES = 150;
const TYPED_CODE = /^[a-z][a-z0-9_]*$/;

const watch = watchCrashes();
const counter: WriteCounter = { writes: 0 };
let bg: ReturnType<typeof makeBackground>;
let vault: VaultStorage;
let seeds: Seed[];
let baseline: string;

const pick = <T>(xs: readonly T[], next: () => number): T => xs[Math.floor(next() * xs.length)]!;

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text, where).not.toContain(secret.slice(0, 16));
}

/** The message the options page sends for a picked file (text when it is UTF-8, else base64). */
function importMessage(c: FuzzCase, next: () => number): Record<string, unknown> {
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(c.bytes);
  } catch {
    text = undefined;
  }
  const data = text !== undefined && next() < 0.85 ? { kind: 'text', text } : { kind: 'base64', base64: Buffer.from(c.bytes).toString('base64') };
  return { type: 'accounts.import', fileName: c.fileName, data, ...(c.password !== undefined ? { password: c.password } : {}) };
}

/** Sends one import through the router and checks the invariants; returns the outcome label. */
async function importThroughBackground(message: unknown, label: string): Promise<string> {
  const before = await vaultSnapshot(vault);
  counter.writes = 0;
  const reply = await bg.raw(message);
  if (reply === undefined) throw new Error(`${label}: the popup's message was dropped`);
  if (!reply.ok) {
    expect(reply.error.code, label).toMatch(TYPED_CODE);
    expect(reply.error.code, `${label}: ${reply.error.message}`).not.toBe('internal_error');
    expect(reply.error.message.length, label).toBeGreaterThan(10);
    expectNoSecret(reply.error.message, label);
    expect(counter.writes, `${label}: refused with ${reply.error.code} but wrote to the vault`).toBe(0);
    expect(await vaultSnapshot(vault), `${label}: refused with ${reply.error.code} but the vault changed`).toBe(before);
    return reply.error.code;
  }
  // Still importable after mutation: allowed only if every new record is a valid, readable account.
  const result = reply.result as { imported: number; skipped: { entry: string; reason: string }[] };
  // Reasons only: a byte mutation can merge a secret into an entry's name, which is then the file's own name for it.
  for (const skip of result.skipped) expectNoSecret(skip.reason, label);
  const key = (await bg.deps.session.get())!;
  const { entries, corrupted } = await readEntries(vault, key);
  expect(corrupted, `${label}: the import stored records the vault cannot read back`).toEqual([]);
  const old = (JSON.parse(before) as { records: { id: string }[] }).records;
  const oldIds = new Set(old.map((r) => r.id));
  const added = entries.filter((e) => !oldIds.has(e.id));
  expect(added.length, label).toBe(result.imported);
  expect(counter.writes, label).toBe(result.imported);
  for (const entry of added) parseAccount(entry.account);
  // Restore the pre-import vault so every case starts from the same state.
  for (const entry of added) await vault.deleteRecord(entry.id);
  expect(await vaultSnapshot(vault), `${label}: existing records changed`).toBe(before);
  return result.imported > 0 ? 'accepted' : 'accepted-nothing-new';
}

beforeAll(async () => {
  seeds = await loadSeeds();
  bg = makeBackground();
  vault = bg.deps.storage;
  bg.deps.storage = countingVaultStorage(vault, counter);
  await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
  // Accounts already in the vault, two of which the seeds also hold (the duplicate path).
  await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' });
  await bg.send({ type: 'accounts.addUri', uri: 'otpauth://hotp/Mail:me?secret=KRSXG5CTMVRXEZLU&issuer=Mail&counter=4' });
  await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=8' });
  baseline = await vaultSnapshot(vault);
  console.info(`import fuzz seed ${SEED} (FUZZ_SEED to reproduce); ${seeds.length} seed files`);
}, 60_000);

afterAll(() => watch.stop());

describe('import fuzz through the background (accounts.import)', () => {
  it('every importer in the registry has at least one seed file', () => {
    const owners = new Set(seeds.map((s) => s.owner));
    for (const importer of importers) expect(owners.has(importer.id), `no seed file is detected as ${importer.id}: add a fixture or a made file`).toBe(true);
  });

  it(`${BACKGROUND_CASES_PER_IMPORTER} malformed files per importer: typed refusals, vault unchanged`, async () => {
    const byImporter = new Tally();
    const byClass = new Tally();
    const groups = [...importers.map((i) => i.id), 'unrecognised'];
    for (const [g, group] of groups.entries()) {
      const next = prng(SEED + g);
      const own = seeds.filter((s) => s.owner === group);
      for (let i = 0; i < BACKGROUND_CASES_PER_IMPORTER; i++) {
        const seed = own[i % own.length]!;
        const c = await makeCase(seed, drawClass(seed, next), next);
        const label = `${group} case ${i} (${c.kind} of ${seed.name}, seed ${SEED})`;
        const started = performance.now();
        const outcome = await importThroughBackground(importMessage(c, next), label);
        if (process.env.FUZZ_DEBUG) console.info(label, outcome, `${Math.round(performance.now() - started)} ms`);
        byImporter.add(group, outcome);
        byClass.add(c.kind, outcome === 'accepted' || outcome === 'accepted-nothing-new' ? 'accepted' : 'refused');
      }
    }
    console.info(byImporter.format('background import, by importer'));
    console.info(byClass.format('background import, by input class'));
    expect(await vaultSnapshot(vault)).toBe(baseline);
    // The generator must reach refusals for every importer, or this test proves nothing.
    for (const group of importers.map((i) => i.id))
      expect(byImporter.count(group) - byImporter.count(group, 'accepted') - byImporter.count(group, 'accepted-nothing-new'), group).toBeGreaterThan(10);
    expect(watch.crashes).toEqual([]);
  }, 180_000);

  it(`${ENVELOPE_CASES} malformed import messages: invalid_message / invalid_file, vault unchanged`, async () => {
    const next = prng(SEED ^ 0xe7e1);
    const tally = new Tally();
    const good = { type: 'accounts.import', fileName: 'plain.txt', data: { kind: 'text', text: 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP' } };
    const shapes: [string, () => unknown][] = [
      ['bad-base64', () => ({ ...good, data: { kind: 'base64', base64: pick(['@@@', 'QUJD=Q', '%%', 'A', '\u00ff\u00fe'], next) } })],
      ['unknown-kind', () => ({ ...good, data: { kind: pick(['hex', 'blob', '', 'TEXT'], next), text: 'x' } })],
      ['wrong-type', () => ({ ...good, data: pick([nasty(next), { kind: 'text', text: nasty(next) }, { kind: 'base64', base64: nasty(next) }], next) })],
      ['bad-field', () => ({ ...good, [pick(['fileName', 'password'], next)]: pick([nasty(next), 'x'.repeat(2000)], next) })],
      ['missing-field', () => (next() < 0.5 ? { type: 'accounts.import', data: good.data } : { type: 'accounts.import', fileName: 'x' })],
      ['not-an-object', () => pick([null, 'accounts.import', 42, ['accounts.import'], { type: 'accounts.import', data: [] }], next)],
    ];
    for (let i = 0; i < ENVELOPE_CASES; i++) {
      const [name, make] = pick(shapes, next);
      const message = make();
      // A message without a string type is dropped by the router only for content scripts; from the popup it is refused.
      tally.add(name, await importThroughBackground(message, `envelope case ${i} (${name})`));
    }
    const oversized = { ...good, data: { kind: 'text', text: 'A'.repeat(5_000_001) } };
    tally.add('oversized', await importThroughBackground(oversized, 'oversized message'));
    console.info(tally.format('import message envelope'));
    expect(tally.count(undefined, 'accepted')).toBe(0);
    expect(watch.crashes).toEqual([]);
  }, 60_000);
});

describe('import fuzz of each importer directly, by name', () => {
  it(`${DIRECT_CASES_PER_IMPORTER} malformed inputs per importer (own and other formats' seeds)`, async () => {
    const tally = new Tally();
    for (const [n, importer] of importers.entries()) {
      const next = prng(SEED * 31 + n);
      const own = seeds.filter((s) => s.owner === importer.id);
      for (let i = 0; i < DIRECT_CASES_PER_IMPORTER; i++) {
        const seed = next() < 0.6 ? pick(own, next) : pick(seeds, next);
        const c = await makeCase(seed, drawClass(seed, next), next);
        const label = `${importer.id} direct case ${i} (${c.kind} of ${seed.name}, seed ${SEED})`;
        const input = toInput(c.fileName, c.bytes);
        // Detection runs on every file before any read: it must never throw.
        for (const detector of [...importers, ...unsupportedFormats]) expect(() => detector.detect(input), `${label}: ${detector.id}.detect`).not.toThrow();
        let outcome: string;
        try {
          const result = await importer.read(input, c.password);
          for (const account of result.accounts) parseAccount(account);
          for (const skip of result.skipped) expect(typeof skip.entry === 'string' && typeof skip.reason === 'string', label).toBe(true);
          outcome = 'accepted';
        } catch (error) {
          expect(error, label).toBeInstanceOf(Error);
          if (error instanceof TwofoldError) {
            expect(error.code, label).toMatch(TYPED_CODE);
            expectNoSecret(error.message, label);
            outcome = error.code;
          } else {
            // importAccounts turns these into corrupt_file; counted so they stay visible.
            outcome = `untyped:${(error as Error).name}`;
          }
        }
        tally.add(importer.id, outcome);
      }
    }
    console.info(tally.format('direct importer.read, by importer'));
    for (const importer of importers) expect(tally.count(importer.id), importer.id).toBe(DIRECT_CASES_PER_IMPORTER);
    expect(watch.crashes).toEqual([]);
  }, 180_000);
});
