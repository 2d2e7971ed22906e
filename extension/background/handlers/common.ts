/** Helpers shared by the handler files: the unlocked key, entry views and new entries. */
import { accountIconLetter, type Account } from '../../account';
import type { AccountView } from '../../messages';
import { totpCode } from '../otp';
import { initialSites } from '../sites';
import { VaultLockedError, newEntryId, unlockVault, type VaultEntry } from '../vault';
import type { BackgroundDeps } from './deps';

/** The vault key, or VaultLockedError (vault_missing / vault_locked). */
export async function requireKey(deps: BackgroundDeps): Promise<CryptoKey> {
  const key = await deps.session.get();
  if (key) return key;
  throw new VaultLockedError((await deps.storage.getMeta()) ? 'locked' : 'none');
}

/**
 * The vault key, only when the vault is unlocked AND `passphrase` unlocks it again: exports hand
 * out every secret, so someone at an unlocked, unattended browser must not get them.
 * VaultLockedError when locked, WrongPassphraseError (nothing read) when the passphrase is wrong.
 */
export async function requireKeyAgain(deps: BackgroundDeps, passphrase: string): Promise<CryptoKey> {
  await requireKey(deps);
  return unlockVault(deps.storage, passphrase);
}

/** What the UI sees of an entry: never the secret; the current code for TOTP. */
export async function toView(entry: VaultEntry, nowMs: number): Promise<AccountView> {
  const { account } = entry;
  const view: AccountView = {
    id: entry.id,
    type: account.type,
    issuer: account.issuer,
    label: account.label,
    icon: entry.icon,
    algorithm: account.algorithm,
    digits: account.digits,
    period: account.period ?? 30,
    sites: entry.sites,
    pinned: entry.pinned === true,
    tags: entry.tags ?? [],
    useCount: entry.useCount ?? 0,
    ...(entry.position !== undefined ? { position: entry.position } : {}),
    ...(entry.lastUsedAt !== undefined ? { lastUsedAt: entry.lastUsedAt } : {}),
    ...(account.encoder ? { encoder: account.encoder } : {}),
  };
  if (account.type === 'totp') Object.assign(view, await totpCode(account, nowMs));
  return view;
}

/** A new vault entry for `account`, with icon letter and initial bound sites. */
export function newEntry(account: Account, nowMs: number, extra: { sites?: string[]; icon?: string; pageUrl?: string } = {}): VaultEntry {
  return {
    id: newEntryId(),
    account,
    icon: extra.icon || accountIconLetter(account),
    sites: extra.sites ?? initialSites(account.issuer, extra.pageUrl),
    createdAt: nowMs,
  };
}
