/** Handlers that read and change accounts: list with codes, add (URI, manual), edit, delete, HOTP. */
import { TwofoldError } from '../../../sdk/protocol/errors';
import { makeAccount } from '../../account';
import { parseOtpauthUri } from '../../otpauth';
import { hotpCode } from '../otp';
import type { HandlerMap } from '../router';
import { normaliseSites } from '../sites';
import { readEntries, readEntry, writeEntries } from '../vault';
import type { BackgroundDeps } from './deps';
import { newEntry, requireKey, toView } from './common';

type AccountHandlers = Pick<
  HandlerMap,
  | 'accounts.list'
  | 'accounts.addUri'
  | 'accounts.addManual'
  | 'accounts.update'
  | 'accounts.delete'
  | 'accounts.hotpNext'
  | 'accounts.reorder'
  | 'accounts.used'
>;

/** Tags as the user means them: trimmed, no empties, no duplicates (case-insensitive), first spelling kept. */
function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/** The account handlers over `deps`. */
export function accountHandlers(deps: BackgroundDeps): AccountHandlers {
  return {
    async 'accounts.list'() {
      const key = await requireKey(deps);
      const now = deps.now();
      const { entries, corrupted } = await readEntries(deps.storage, key);
      return { accounts: await Promise.all(entries.map((e) => toView(e, now))), corrupted, now };
    },
    async 'accounts.addUri'(request) {
      const key = await requireKey(deps);
      const entry = newEntry(parseOtpauthUri(request.uri), deps.now());
      await writeEntries(deps.storage, key, [entry]);
      return { account: await toView(entry, deps.now()) };
    },
    async 'accounts.addManual'(request) {
      const key = await requireKey(deps);
      const entry = newEntry(makeAccount(request.account), deps.now());
      await writeEntries(deps.storage, key, [entry]);
      return { account: await toView(entry, deps.now()) };
    },
    async 'accounts.update'(request) {
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      let sites = entry.sites;
      if (request.sites) {
        const normalised = normaliseSites(request.sites);
        if (normalised.invalid.length > 0) {
          throw new TwofoldError(
            'invalid_site',
            `Not a site name: ${normalised.invalid.map((s) => `"${s.slice(0, 60)}"`).join(', ')}. Enter domains like "example.com".`,
          );
        }
        sites = normalised.sites;
      }
      const account = { ...entry.account, issuer: request.issuer?.trim() ?? entry.account.issuer, label: request.label?.trim() ?? entry.account.label };
      const updated = {
        ...entry,
        account,
        sites,
        icon: request.icon?.trim() || entry.icon,
        ...(request.pinned !== undefined ? { pinned: request.pinned } : {}),
        ...(request.tags !== undefined ? { tags: normaliseTags(request.tags) } : {}),
      };
      await writeEntries(deps.storage, key, [updated]);
      return { account: await toView(updated, deps.now()) };
    },
    async 'accounts.delete'(request) {
      await requireKey(deps);
      await deps.storage.deleteRecord(request.id);
      return { deleted: request.id };
    },
    async 'accounts.reorder'(request) {
      const key = await requireKey(deps);
      const { entries } = await readEntries(deps.storage, key);
      const place = new Map(request.ids.map((id, index) => [id, index] as const));
      // Ids not in the list (added meanwhile in another window) keep following, after the listed ones.
      const changed = entries.filter((e) => place.has(e.id) && e.position !== place.get(e.id)).map((e) => ({ ...e, position: place.get(e.id)! }));
      if (changed.length > 0) await writeEntries(deps.storage, key, changed);
      return { reordered: changed.length };
    },
    async 'accounts.used'(request) {
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      const useCount = (entry.useCount ?? 0) + 1;
      await writeEntries(deps.storage, key, [{ ...entry, useCount, lastUsedAt: deps.now() }]);
      return { useCount };
    },
    async 'accounts.hotpNext'(request) {
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      if (entry.account.type !== 'hotp') throw new TwofoldError('not_hotp', 'This is a time-based (TOTP) account; its code is shown in the list.');
      const counter = entry.account.counter ?? 0;
      // Persist the advanced counter BEFORE the code leaves the background: if the worker dies after
      // showing it, the same counter is never reused.
      await writeEntries(deps.storage, key, [{ ...entry, account: { ...entry.account, counter: counter + 1 } }]);
      return { code: await hotpCode(entry.account, counter), counter };
    },
  };
}
