// One account as a QR code: behind the passphrase typed again; the matrix decodes (with
// the same QR reader the extension scans with) to the account's otpauth URI.
import { describe, expect, it } from 'vitest';
import { decodeQr } from '../../../../extension/background/qr';
import { parseOtpauthUri } from '../../../../extension/otpauth';
import { qrPath } from '../../../../extension/ui/components/QrCode';
import { makeBackground } from '../background-twin';

const PASSPHRASE = 'correct horse battery';

/** Renders the matrix at 4 px per module with a 4-module quiet zone, as RGBA. */
function render(size: number, modules: string) {
  const scale = 4;
  const extent = (size + 8) * scale;
  const data = new Uint8ClampedArray(extent * extent * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (modules[y * size + x] !== '1') continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = (((y + 4) * scale + dy) * extent + (x + 4) * scale + dx) * 4;
          data[at] = data[at + 1] = data[at + 2] = 0;
        }
      }
    }
  }
  return { data, width: extent, height: extent };
}

describe('accounts.exportQr', () => {
  it('needs the passphrase again; the QR decodes to the account (Steam too)', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: PASSPHRASE });
    const { account } = await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Steam:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&encoder=steam' });
    await expect(bg.send({ type: 'accounts.exportQr', id: account.id, passphrase: 'wrong' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    const qr = await bg.send({ type: 'accounts.exportQr', id: account.id, passphrase: PASSPHRASE });
    expect(qr.modules).toMatch(/^[01]+$/);
    expect(qr.modules.length).toBe(qr.size * qr.size);
    expect(decodeQr(render(qr.size, qr.modules))).toBe(qr.uri);
    expect(parseOtpauthUri(qr.uri)).toMatchObject({ secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', encoder: 'steam', issuer: 'Steam', label: 'Sophia' });

    await bg.send({ type: 'vault.lock' });
    await expect(bg.send({ type: 'accounts.exportQr', id: account.id, passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'vault_locked' });
  });

  it('draws dark runs as one path per run, offset by the quiet zone', () => {
    expect(qrPath(2, '1101')).toBe('M4 4h2v1h-2zM5 5h1v1h-1z');
    expect(qrPath(1, '0')).toBe('');
  });
});
