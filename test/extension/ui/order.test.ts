import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../../extension/messages';
import { allTags, filterByTag, moveId, sortAccounts } from '../../../extension/ui/popup/format';

const view = (id: string, extra: Partial<AccountView> = {}): AccountView => ({
  id,
  type: 'totp',
  issuer: id,
  label: 'me',
  icon: id[0]!.toUpperCase(),
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  sites: [],
  ...extra,
});
const ids = (list: AccountView[]) => list.map((a) => a.id);

describe('popup order', () => {
  const accounts = [
    view('delta', { useCount: 2, lastUsedAt: 100 }),
    view('alpha', { useCount: 9, lastUsedAt: 50, tags: ['Work'] }),
    view('charlie', { pinned: true, useCount: 1, lastUsedAt: 10, tags: ['bank', 'work'] }),
    view('bravo', { position: 0, lastUsedAt: 300 }),
    view('echo', { position: 1 }),
  ];

  it('puts pinned accounts first in every order', () => {
    for (const mode of ['manual', 'name', 'most-used', 'recent'] as const) expect(ids(sortAccounts(accounts, mode))[0], mode).toBe('charlie');
  });

  it('sorts by name, most used and recently used (ties by name)', () => {
    expect(ids(sortAccounts(accounts, 'name'))).toEqual(['charlie', 'alpha', 'bravo', 'delta', 'echo']);
    expect(ids(sortAccounts(accounts, 'most-used'))).toEqual(['charlie', 'alpha', 'delta', 'bravo', 'echo']);
    expect(ids(sortAccounts(accounts, 'recent'))).toEqual(['charlie', 'bravo', 'delta', 'alpha', 'echo']);
  });

  it('"my order" follows drag positions; never-moved accounts keep the vault order after them', () => {
    expect(ids(sortAccounts(accounts, 'manual'))).toEqual(['charlie', 'bravo', 'echo', 'delta', 'alpha']);
    expect(ids(accounts)).toEqual(['delta', 'alpha', 'charlie', 'bravo', 'echo']); // input untouched
  });

  it('moves an id to the place of another', () => {
    expect(moveId(['a', 'b', 'c', 'd'], 'd', 'b')).toEqual(['a', 'd', 'b', 'c']);
    expect(moveId(['a', 'b', 'c', 'd'], 'a', 'c')).toEqual(['b', 'c', 'a', 'd']);
    expect(moveId(['a', 'b'], 'x', 'a')).toEqual(['a', 'b']);
  });

  it('lists tags once, case-insensitively, and filters by one', () => {
    expect(allTags(accounts)).toEqual(['bank', 'Work']);
    expect(ids(filterByTag(accounts, 'WORK'))).toEqual(['alpha', 'charlie']);
    expect(ids(filterByTag(accounts, null))).toEqual(ids(accounts));
  });
});
