/**
 * Encrypted sync through storage.sync: reconciles the local vault with the synced area while the
 * vault is unlocked (the vault key seals and opens the items). A run: (1) local changes since the
 * last run get a new clock (a record whose ciphertext changed was edited; a versioned id with no
 * record was deleted, and leaves a tombstone); (2) per account, the greater clock wins (merge.ts);
 * (3) remote winners are written to (or deleted from) the vault, local winners pushed in one
 * storage.sync write. Runs are serialised, and each derives everything from storage, so a run the
 * service worker loses to eviction is simply redone by the next trigger (a change, storage.sync's
 * onChanged, an unlock).
 */
import * as v from 'valibot';
import { TwofoldError } from '../../../sdk/protocol/errors';
import type { SyncView } from '../../messages';
import type { KeyValueArea, SessionKeyStore } from '../session';
import { readEntries, writeEntries, type VaultEntry } from '../vault';
import type { VaultStorage } from '../vault-db';
import {
  ACCOUNT_ITEM_PREFIX,
  HEADER_ITEM,
  SYNC_QUOTA_BYTES,
  SYNC_QUOTA_BYTES_PER_ITEM,
  SYNC_MAX_ITEMS,
  deriveSyncKey,
  headerMatches,
  makeHeader,
  openAccountItem,
  parseHeader,
  sealAccountItem,
  syncedSize,
  type SyncedAccount,
} from './items';
import { planMerge, tick, type Version } from './merge';

/** The part of storage.sync used here. */
export interface SyncArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** What sync needs from the background. */
export interface SyncDeps {
  storage: VaultStorage;
  session: SessionKeyStore;
  local: KeyValueArea;
  syncArea: SyncArea;
  now(): number;
}

const STATE_KEY = 'twofold.sync';
const ID = /^[A-Za-z0-9_-]{8,64}$/;
const clock = v.object({ t: v.number(), n: v.number(), d: v.string() });
const StateSchema = v.object({
  enabled: v.boolean(),
  device: v.string(),
  /** Per account: the clock of the version this device holds, its record's IV (to spot local edits), or a tombstone. */
  versions: v.record(v.string(), v.object({ c: clock, iv: v.optional(v.string()), x: v.optional(v.literal(true)) })),
  /** IV of the wrapped vault key last synced (to spot a passphrase change on either side). */
  headerIv: v.optional(v.string()),
  lastSyncAt: v.optional(v.number()),
  lastError: v.optional(v.string()),
});
/** Sync's local bookkeeping (storage.local): ids, clocks and IVs, nothing secret. */
export type SyncState = v.InferOutput<typeof StateSchema>;

/** Reads the sync state (a fresh, disabled one when absent or unreadable). */
export async function readSyncState(local: KeyValueArea): Promise<SyncState> {
  const parsed = v.safeParse(StateSchema, (await local.get(STATE_KEY))[STATE_KEY]);
  if (parsed.success) return parsed.output;
  const device = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { enabled: false, device, versions: {} };
}

/** Saves the sync state. */
export const writeSyncState = (local: KeyValueArea, state: SyncState) => local.set({ [STATE_KEY]: state });

// Runs one after another (a promise chain, not state: losing it to eviction loses nothing).
let queue: Promise<unknown> = Promise.resolve();
/** Runs `fn` after every earlier sync run has finished. */
export function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** Resolves once every queued sync run has finished (tests, and callers that must see the result). */
export const syncIdle = (): Promise<unknown> => serialised(async () => undefined);

/** Bytes the area holds (names plus JSON values), as the quota counts them. */
export function areaBytes(area: Record<string, unknown>): number {
  return Object.entries(area).reduce((sum, [name, value]) => sum + syncedSize(name, value), 0);
}

// A run queued but not started yet covers every change made before it starts: a burst of changes
// (an import, many deletions) costs one run, not one each. Keyed by deps, i.e. per background.
const waiting = new WeakMap<SyncDeps, Promise<void>>();

/** One sync run soon (serialised with others, coalesced with one already waiting); errors are recorded in the state, not thrown. */
export function syncNow(deps: SyncDeps): Promise<void> {
  const queued = waiting.get(deps);
  if (queued) return queued;
  const run = serialised(() => {
    waiting.delete(deps);
    return runSync(deps);
  });
  waiting.set(deps, run);
  return run;
}

async function runSync(deps: SyncDeps): Promise<void> {
  const state = await readSyncState(deps.local);
  const vaultKey = await deps.session.get();
  if (!state.enabled || !vaultKey) return;
  try {
    await reconcile(deps, state, vaultKey);
    delete state.lastError;
    state.lastSyncAt = deps.now();
  } catch (error) {
    state.lastError = error instanceof TwofoldError ? error.message : 'Sync failed; it is retried at the next change or unlock.';
  }
  await writeSyncState(deps.local, state);
}

async function reconcile(deps: SyncDeps, state: SyncState, vaultKey: CryptoKey): Promise<void> {
  const syncKey = await deriveSyncKey(vaultKey);
  const area = await deps.syncArea.get(null);
  const push: Record<string, unknown> = {};
  // The header: absent → publish ours; another vault's → stop; a newer wrapped key (passphrase changed) → follow it.
  const meta = await deps.storage.getMeta();
  if (!meta) return;
  const header = parseHeader(area[HEADER_ITEM]);
  if (header && !(await headerMatches(header, syncKey))) {
    state.enabled = false;
    throw new TwofoldError('sync_other_vault', 'Another vault is synced in this browser account now; sync is off. Turn it on again to join that vault.');
  }
  const localChanged = meta.wrappedKey.iv !== state.headerIv;
  if (!header || (header.wrappedKey.iv !== meta.wrappedKey.iv && localChanged && header.wrappedKey.iv === state.headerIv)) {
    push[HEADER_ITEM] = await makeHeader(meta.kdf, meta.wrappedKey, syncKey); // new here, or the passphrase changed here only
  } else if (header.wrappedKey.iv !== meta.wrappedKey.iv) {
    // Changed elsewhere (or on both sides: the synced one wins): this browser now opens with the synced passphrase.
    await deps.storage.putMeta({ ...meta, kdf: header.kdf, wrappedKey: header.wrappedKey });
  }
  state.headerIv = (header && !push[HEADER_ITEM] ? header : meta).wrappedKey.iv;

  // (1) Local changes since the last run get new clocks.
  const records = new Map((await deps.storage.listRecords()).map((r) => [r.id, r] as const));
  const { entries, corrupted } = await readEntries(deps.storage, vaultKey);
  const byId = new Map(entries.map((e) => [e.id, e] as const));
  const unreadable = new Set(corrupted.map((c) => c.id));
  const now = deps.now();
  for (const [id, record] of records) {
    const known = state.versions[id];
    if (unreadable.has(id) || (known && !known.x && known.iv === record.sealed.iv)) continue;
    state.versions[id] = { c: tick(known?.c, now, state.device), iv: record.sealed.iv };
  }
  for (const [id, known] of Object.entries(state.versions)) {
    if (!known.x && !records.has(id)) state.versions[id] = { c: tick(known.c, now, state.device), x: true };
  }

  // (2) Merge with the synced versions.
  const remote = new Map<string, SyncedAccount>();
  for (const [name, value] of Object.entries(area)) {
    const id = name.startsWith(ACCOUNT_ITEM_PREFIX) ? name.slice(ACCOUNT_ITEM_PREFIX.length) : '';
    if (!ID.test(id) || id in Object.prototype) continue; // ids index plain objects below: no `__proto__`
    const opened = await openAccountItem(syncKey, id, value);
    if (opened) remote.set(id, opened); // an item that does not open is left alone (never trusted, never fatal)
  }
  const localVersions = new Map<string, Version>(Object.entries(state.versions).map(([id, k]) => [id, { clock: k.c, deleted: k.x === true }]));
  const remoteVersions = new Map<string, Version>([...remote].map(([id, r]) => [id, { clock: r.clock, deleted: !r.entry }]));
  const plan = planMerge(localVersions, remoteVersions);

  // (3) Apply: remote winners into the vault (one transaction), local winners to storage.sync (one write).
  const incoming: VaultEntry[] = [];
  for (const id of plan.toLocal) {
    const theirs = remote.get(id)!;
    if (theirs.entry) incoming.push({ id, ...theirs.entry });
    else if (records.has(id)) await deps.storage.deleteRecord(id);
    state.versions[id] = theirs.entry ? { c: theirs.clock } : { c: theirs.clock, x: true };
  }
  if (incoming.length > 0) {
    await writeEntries(deps.storage, vaultKey, incoming);
    for (const record of await deps.storage.listRecords()) {
      const version = state.versions[record.id];
      if (version && incoming.some((e) => e.id === record.id)) version.iv = record.sealed.iv;
    }
  }
  const tooBig: string[] = [];
  for (const id of plan.toRemote) {
    const known = state.versions[id]!;
    const entry = byId.get(id);
    const { id: _id, ...plain } = entry ?? { id };
    const value = await sealAccountItem(syncKey, id, known.x || !entry ? { clock: known.c } : { clock: known.c, entry: plain as Omit<VaultEntry, 'id'> });
    if (syncedSize(ACCOUNT_ITEM_PREFIX + id, value) > SYNC_QUOTA_BYTES_PER_ITEM) tooBig.push(entry?.account.issuer || id);
    else push[ACCOUNT_ITEM_PREFIX + id] = value;
  }
  // Within the quota: the header, then changes to items already there, then new items, as far as they fit.
  // What does not fit stays a local winner, so the next run tries again once space is freed.
  const order = Object.keys(push).sort((x, y) => rank(x, area) - rank(y, area));
  let bytes = areaBytes(area);
  let items = Object.keys(area).length;
  const accepted: Record<string, unknown> = {};
  let left = 0;
  for (const name of order) {
    const delta = syncedSize(name, push[name]) - (name in area ? syncedSize(name, area[name]) : 0);
    const count = items + (name in area ? 0 : 1);
    if (bytes + delta > SYNC_QUOTA_BYTES || count > SYNC_MAX_ITEMS) {
      left++;
      continue;
    }
    bytes += delta;
    items = count;
    accepted[name] = push[name];
  }
  if (Object.keys(accepted).length > 0) {
    try {
      await deps.syncArea.set(accepted);
    } catch (cause) {
      throw new TwofoldError('sync_quota', `The browser refused the sync write (${cause instanceof Error ? cause.message.slice(0, 120) : 'unknown'}).`, {
        cause,
      });
    }
  }
  await pruneTombstones(deps, state, area, now, accepted);
  if (left > 0) {
    throw new TwofoldError(
      'sync_quota',
      `Sync storage is full: ${left} account change(s) did not fit in the browser's ${SYNC_QUOTA_BYTES / 1024} KB (${items} items, ${Math.ceil(bytes / 1024)} KB). They stay on this device; delete accounts to sync them.`,
    );
  }
  if (tooBig.length > 0) {
    throw new TwofoldError('sync_item_too_big', `Not synced (more than 8 KB encrypted, e.g. too many bound sites): ${tooBig.slice(0, 5).join(', ')}.`);
  }
}

/**
 * How long a deletion stays in the synced area. A tombstone only has to reach the other browsers of
 * the account; kept forever, deleted accounts would fill storage.sync's 512 items and 100 KB. A
 * browser that stays away longer than this and still holds the account puts it back (it wins
 * against no version at all): the safe side for an authenticator, where a lost secret locks its
 * owner out and a returned one can be deleted again.
 */
export const TOMBSTONE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** Removes tombstones older than TOMBSTONE_TTL_MS from the synced area and from this browser's bookkeeping. */
async function pruneTombstones(deps: SyncDeps, state: SyncState, area: Record<string, unknown>, now: number, pushed: Record<string, unknown>): Promise<void> {
  const expired = Object.entries(state.versions)
    .filter(([, known]) => known.x && known.c.t < now - TOMBSTONE_TTL_MS)
    .map(([id]) => id);
  // Only what this run did not just write: an item pushed now is a newer version, never the old tombstone.
  const names = expired.map((id) => ACCOUNT_ITEM_PREFIX + id).filter((name) => name in area && !(name in pushed));
  // A newer version another browser wrote meanwhile may be removed with it; that browser still holds
  // it and pushes it again on its next run (it finds no version here), so nothing is lost.
  if (names.length > 0) await deps.syncArea.remove(names);
  for (const id of expired) delete state.versions[id];
}

/** Push order: the header first, then items that replace one already synced, then new ones. */
function rank(name: string, area: Record<string, unknown>): number {
  if (name === HEADER_ITEM) return 0;
  return name in area ? 1 : 2;
}

/** The options page's view of sync. */
export async function syncView(deps: SyncDeps): Promise<SyncView> {
  const [state, area] = await Promise.all([readSyncState(deps.local), deps.syncArea.get(null)]);
  return {
    enabled: state.enabled,
    remoteVault: parseHeader(area[HEADER_ITEM]) !== null,
    lastSyncAt: state.lastSyncAt ?? null,
    accounts: Object.values(state.versions).filter((k) => !k.x).length,
    bytesInUse: areaBytes(area),
    quotaBytes: SYNC_QUOTA_BYTES,
    ...(state.lastError ? { lastError: state.lastError } : {}),
  };
}
