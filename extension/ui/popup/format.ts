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
