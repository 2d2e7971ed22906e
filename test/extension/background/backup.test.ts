// The backup format is documented in extension/background/backup.ts; this test decrypts a backup
// with plain WebCrypto following only that documentation, so the format stays readable elsewhere.
import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../extension/account';
import { decryptBackup, encryptBackup, isTwofoldBackup } from '../../../extension/background/backup';

const accounts = [
  {
    ...makeAccount({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', issuer: 'GitHub', label: 'alice', digits: 8, algorithm: 'SHA256', period: 60 }),
    sites: ['github.com'],
    icon: 'G',
  },
  makeAccount({ type: 'hotp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', issuer: '', label: 'bank', counter: 42 }),
];

describe('Twofold backup v1', () => {
  it('round-trips accounts with sites and icons', async () => {
    const text = await encryptBackup(accounts, 'backup password');
    expect(isTwofoldBackup(text)).toBe(true);
    expect(text).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await decryptBackup(text, 'backup password')).toEqual({ accounts, skipped: [] });
  });

  it('is readable with WebCrypto from the documented format alone', async () => {
    const text = await encryptBackup(accounts, 'backup password');
    const file = JSON.parse(text);
    expect(file).toMatchObject({
      format: 'twofold-backup',
      version: 1,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 },
      cipher: { name: 'AES-GCM' },
    });
    const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));
    const base = await crypto.subtle.importKey('raw', new TextEncoder().encode('backup password'), 'PBKDF2', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt: b64(file.kdf.salt), iterations: file.kdf.iterations },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: b64(file.cipher.iv), additionalData: new TextEncoder().encode('twofold-backup-v1') },
      key,
      b64(file.data),
    );
    expect(JSON.parse(new TextDecoder().decode(plain)).accounts[0]).toMatchObject({ issuer: 'GitHub', secret: 'JBSWY3DPEHPK3PXP', sites: ['github.com'] });
  });

  it('says when the password is wrong, the file is damaged or it is not a backup', async () => {
    const text = await encryptBackup(accounts, 'backup password');
    await expect(decryptBackup(text, 'wrong')).rejects.toMatchObject({ code: 'wrong_password' });
    const tampered = JSON.parse(text);
    // One bit of the GCM tag flipped: always a change (a constant written over the tail could
    // equal what was there), and the authentication fails.
    const bytes = Buffer.from(tampered.data, 'base64');
    const last = bytes.length - 1;
    bytes[last] = (bytes[last] ?? 0) ^ 1;
    tampered.data = bytes.toString('base64');
    expect(tampered.data).not.toBe(JSON.parse(text).data);
    await expect(decryptBackup(JSON.stringify(tampered), 'backup password')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(decryptBackup('{"format":"twofold-backup","version":2}', 'x')).rejects.toMatchObject({ code: 'invalid_backup' });
    expect(isTwofoldBackup('{"db":{"entries":[]}}')).toBe(false);
    expect(isTwofoldBackup('otpauth://totp/x?secret=AAAA')).toBe(false);
  });
});
