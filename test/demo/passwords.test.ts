// Demo password hashing: new hashes at OWASP's scrypt cost (N=2^17), old N=2^14 hashes still
// verify (and are flagged for rehash), hostile stored parameters are refused without deriving.
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from '../../demo/app/passwords';

describe('demo passwords', () => {
  it('hashes at N=2^17, r=8, p=1 and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1']);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
    expect(DUMMY_HASH.split('$')[1]).toBe(String(2 ** 17));
  });

  it('still verifies a hash stored at the old cost (N=2^14) and flags it for rehashing', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('old password', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('old password', old)).toBe(true);
    expect(await verifyPassword('other', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuses malformed or absurd stored parameters instead of deriving with them', async () => {
    for (const bad of ['', 'bcrypt$x', 'scrypt$1073741824$8$1$AAAA$AAAA', 'scrypt$16384$8$64$AAAA$AAAA', 'scrypt$abc$8$1$AAAA$AAAA']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
