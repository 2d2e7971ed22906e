// `twofold serve` flags of the abuse limits: --no-rate-limits and --totp-secrets FILE (parsed, read,
// re-read when the file changes, refused at start when unusable, last good contents kept after).
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../../sdk/server/cli/args';
import { totpSecretsFile } from '../../../../sdk/server/cli/serve';

const dir = mkdtempSync(join(tmpdir(), 'twofold-serve-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('serve: abuse-limit flags', () => {
  it('parses --no-rate-limits and --totp-secrets; limits stay on by default', () => {
    expect(parseArgs(['serve', '--site', 'example.com', '--no-rate-limits', '--totp-secrets', 'totp.json'])).toMatchObject({
      rateLimits: false,
      totpSecrets: 'totp.json',
    });
    expect(parseArgs(['serve', '--site', 'example.com', '--totp-secrets=t.json'])).toMatchObject({ totpSecrets: 't.json' });
    expect(parseArgs(['serve', '--site', 'example.com'])).not.toHaveProperty('rateLimits');
    expect(() => parseArgs(['serve', '--site', 'example.com', '--totp-secrets'])).toThrow(/--totp-secrets needs/);
  });

  it('reads the secrets file, re-reads it when it changes, and keeps the last good contents after a bad write', () => {
    const path = join(dir, 'secrets.json');
    writeFileSync(path, JSON.stringify({ alice: SECRET }));
    const secretOf = totpSecretsFile(path);
    expect(secretOf('alice')).toBe(SECRET);
    expect(secretOf('bob')).toBeUndefined();
    writeFileSync(path, JSON.stringify({ alice: SECRET, bob: SECRET }));
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(secretOf('bob')).toBe(SECRET);
    writeFileSync(path, '{ not json');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    expect(secretOf('bob')).toBe(SECRET);
  });

  it('refuses to start on a file that is not account → base32 secret', () => {
    const bad = join(dir, 'bad.json');
    // Not base32; base32 of only 10 bytes; base32 with non-zero padding bits (otplib would throw on each).
    for (const secret of ['not base32 at all!', 'JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXPJBSWY3DPEH']) {
      writeFileSync(bad, JSON.stringify({ alice: secret }));
      expect(() => totpSecretsFile(bad)).toThrow(expect.objectContaining({ code: 'totp_secrets_invalid' }));
    }
    writeFileSync(bad, JSON.stringify({ alice: `${SECRET.toLowerCase()}====` }));
    expect(totpSecretsFile(bad)('alice')).toBe(SECRET);
    writeFileSync(bad, '[');
    expect(() => totpSecretsFile(bad)).toThrow(expect.objectContaining({ code: 'totp_secrets_invalid' }));
  });
});
