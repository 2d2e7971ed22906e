/** Pure helpers of the popup's list (no browser APIs, so they are unit-tested directly). */
import type { AccountView } from '../../messages';

/** Case-insensitive filter over issuer, label and bound sites. */
export function filterAccounts(accounts: AccountView[], query: string): AccountView[] {
  const q = query.trim().toLowerCase();
  if (!q) return accounts;
  return accounts.filter((a) => `${a.issuer}\n${a.label}\n${a.sites.join('\n')}`.toLowerCase().includes(q));
}

/** Groups digits for reading: 123 456, 1234 5678, 123 4567; Steam's 5 letters stay one word, as Steam shows them. */
export function groupCode(code: string): string {
  if (code.length < 6 || !/^\d+$/.test(code)) return code;
  const cut = code.length === 8 ? 4 : 3;
  return `${code.slice(0, cut)} ${code.slice(cut)}`;
}

/** How the popup orders accounts; pinned accounts come first in every order. */
export type SortMode = 'manual' | 'name' | 'most-used' | 'recent';
/** Every SortMode, in the order the select lists them. */
export const SORT_MODES: readonly SortMode[] = ['manual', 'name', 'most-used', 'recent'];

const byName = (a: AccountView, b: AccountView) =>
  (a.issuer || a.label).localeCompare(b.issuer || b.label, undefined, { sensitivity: 'base' }) ||
  a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });

/**
 * Sorts a copy: pinned first, then by `mode`. "My order" is the drag order (accounts never moved
 * keep the vault's oldest-first order after the moved ones); ties fall back to the name.
 */
export function sortAccounts(accounts: readonly AccountView[], mode: SortMode): AccountView[] {
  const indexed = accounts.map((account, index) => ({ account, index }));
  const compare = (x: { account: AccountView; index: number }, y: { account: AccountView; index: number }): number => {
    const a = x.account;
    const b = y.account;
    if (!!a.pinned !== !!b.pinned) return a.pinned ? -1 : 1;
    if (mode === 'name') return byName(a, b);
    if (mode === 'most-used') return (b.useCount ?? 0) - (a.useCount ?? 0) || byName(a, b);
    if (mode === 'recent') return (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0) || byName(a, b);
    const pa = a.position ?? Number.MAX_SAFE_INTEGER;
    const pb = b.position ?? Number.MAX_SAFE_INTEGER;
    return pa - pb || x.index - y.index;
  };
  return indexed.sort(compare).map((x) => x.account);
}

/** Every tag in use, sorted case-insensitively, each once. */
export function allTags(accounts: readonly AccountView[]): string[] {
  const seen = new Map<string, string>();
  for (const a of accounts) for (const tag of a.tags ?? []) if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  return [...seen.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}

/** The accounts carrying `tag` (case-insensitive); all of them for null. */
export function filterByTag(accounts: AccountView[], tag: string | null): AccountView[] {
  if (tag === null) return accounts;
  const wanted = tag.toLowerCase();
  return accounts.filter((a) => (a.tags ?? []).some((t) => t.toLowerCase() === wanted));
}

/** The ids in their new manual order after moving `moved` to where `target` is. */
export function moveId(order: readonly string[], moved: string, target: string): string[] {
  const from = order.indexOf(moved);
  const to = order.indexOf(target);
  if (from < 0 || to < 0 || from === to) return [...order];
  const next = [...order];
  next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}
