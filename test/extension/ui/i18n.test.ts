import { describe, expect, it } from 'vitest';
import { pickLanguage, translator } from '../../../extension/ui/i18n';
import { filterAccounts, groupCode } from '../../../extension/ui/popup/format';
import { remainingFraction } from '../../../extension/ui/components/Ring';
import type { AccountView } from '../../../extension/messages';

describe('i18n', () => {
  it('picks bokmål for nb, no and nn, else English', () => {
    expect(pickLanguage(['nb-NO'])).toBe('nb');
    expect(pickLanguage(['no'])).toBe('nb');
    expect(pickLanguage(['nn-NO', 'en'])).toBe('nb');
    expect(pickLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
  it('translates with variables', () => {
    expect(translator('nb')('imported', { n: 3 })).toBe('Importerte 3 konto(er).');
    expect(translator('en')('lock')).toBe('Lock');
    expect(translator('nb')('lock')).toBe('Lås');
  });
});

describe('popup helpers', () => {
  const view = (issuer: string, label: string, sites: string[] = []): AccountView => ({
    id: issuer,
    type: 'totp',
    issuer,
    label,
    icon: issuer[0]!,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    sites,
  });
  it('filters by issuer, label and site, case-insensitively', () => {
    const all = [view('GitHub', 'alice', ['github.com']), view('Google', 'bob'), view('Bank', 'carol@example.org', ['bank.no'])];
    expect(filterAccounts(all, 'git').map((a) => a.id)).toEqual(['GitHub']);
    expect(filterAccounts(all, 'BOB').map((a) => a.id)).toEqual(['Google']);
    expect(filterAccounts(all, 'bank.no').map((a) => a.id)).toEqual(['Bank']);
    expect(filterAccounts(all, '  ')).toHaveLength(3);
  });
  it('groups codes and computes the ring fraction', () => {
    expect(groupCode('123456')).toBe('123 456');
    expect(groupCode('12345678')).toBe('1234 5678');
    expect(groupCode('1234567')).toBe('123 4567');
    expect(groupCode('FR8RV')).toBe('FR8RV');
    expect(remainingFraction(60_000, 30, 45_000)).toBe(0.5);
    expect(remainingFraction(60_000, 30, 70_000)).toBe(0);
  });
});
