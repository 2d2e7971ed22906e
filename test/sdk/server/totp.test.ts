// Server TOTP: the RFC 6238 Appendix B vectors (all three hashes) through verifyTotp and
// generateTotp, window handling, RFC 6238 §5.2 replay refusal, and enrolment (URI + QR).
import jsQR from 'jsqr';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createMemoryTotpReplayStore, createTotpEnrollment, createTotpVerifier, generateTotp, verifyTotp, type TotpAlgorithm,
} from '../../../sdk/server/totp';

interface TotpVector { unix_time: number; SHA1: string; SHA256: string; SHA512: string }
const fixture = JSON.parse(readFileSync('/work/shared/fixtures/otp/rfc/rfc4226_rfc6238_vectors.json', 'utf8')) as {
  rfc6238_totp: { period: number; digits: 8; seeds: Record<'SHA1' | 'SHA256' | 'SHA512', { base32: string }>; vectors: TotpVector[] };
};
const rfc = fixture.rfc6238_totp;
const algorithms = ['SHA1', 'SHA256', 'SHA512'] as const;

describe('RFC 6238 Appendix B vectors', () => {
  for (const alg of algorithms) {
    const secret = rfc.seeds[alg].base32;
    const algorithm = alg.toLowerCase() as TotpAlgorithm;
    it(`${alg}: verifies and generates every published code at its time`, async () => {
      expect(rfc.vectors.length).toBeGreaterThanOrEqual(6);
      for (const vector of rfc.vectors) {
        const now = vector.unix_time * 1000;
        const code = vector[alg];
        expect(await generateTotp(secret, { algorithm, digits: 8, now })).toBe(code);
        const result = await verifyTotp(secret, code, { algorithm, digits: 8, now, window: 0 });
        expect(result).toEqual({ ok: true, step: Math.floor(vector.unix_time / rfc.period), delta: 0 });
      }
    });
  }

  it('refuses a published code one step later with window 0 and accepts it with window 1', async () => {
    const v = rfc.vectors[1]!;
    const later = (v.unix_time + 30) * 1000;
    const strict = await verifyTotp(rfc.seeds.SHA1.base32, v.SHA1, { digits: 8, now: later, window: 0 });
    expect(strict).toMatchObject({ ok: false, reason: 'invalid' });
    const drift = await verifyTotp(rfc.seeds.SHA1.base32, v.SHA1, { digits: 8, now: later, window: 1 });
    expect(drift).toEqual({ ok: true, step: Math.floor(v.unix_time / 30), delta: -1 });
    const tooLate = await verifyTotp(rfc.seeds.SHA1.base32, v.SHA1, { digits: 8, now: (v.unix_time + 60) * 1000, window: 1 });
    expect(tooLate.ok).toBe(false);
  });
});

describe('verifyTotp', () => {
  const secret = rfc.seeds.SHA1.base32;

  it('refuses a code already accepted (RFC 6238 §5.2), and older steps, but not the next code', async () => {
    const now = 1_800_000_000_000;
    const code = await generateTotp(secret, { now });
    const first = await verifyTotp(secret, code, { now });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = await verifyTotp(secret, code, { now, lastUsedStep: first.step });
    expect(again).toMatchObject({ ok: false, reason: 'replayed' });
    const previous = await generateTotp(secret, { now: now - 30_000 });
    expect(await verifyTotp(secret, previous, { now, lastUsedStep: first.step })).toMatchObject({ ok: false, reason: 'replayed' });
    const next = await generateTotp(secret, { now: now + 30_000 });
    expect(await verifyTotp(secret, next, { now: now + 30_000, lastUsedStep: first.step })).toMatchObject({ ok: true, step: first.step + 1 });
  });

  it('says what is wrong with malformed input instead of throwing', async () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5a']) {
      expect(await verifyTotp(secret, bad)).toMatchObject({ ok: false, reason: 'malformed' });
    }
    expect(await verifyTotp(secret, undefined as unknown as string)).toMatchObject({ ok: false, reason: 'malformed' });
    const spaced = await generateTotp(secret, { now: 1_800_000_000_000 });
    expect((await verifyTotp(secret, `${spaced.slice(0, 3)} ${spaced.slice(3)}`, { now: 1_800_000_000_000 })).ok).toBe(true);
  });

  it('throws a typed error for a broken stored secret', async () => {
    await expect(verifyTotp('not base32!!', '123456')).rejects.toMatchObject({ code: 'totp_bad_secret' });
  });
});

describe('createTotpVerifier', () => {
  it('accepts each code once per enrolment, even when submitted concurrently', async () => {
    const verifyOnce = createTotpVerifier(createMemoryTotpReplayStore());
    const secret = rfc.seeds.SHA1.base32;
    const now = 1_800_000_000_000;
    const code = await generateTotp(secret, { now });
    const results = await Promise.all([1, 2, 3].map(() => verifyOnce('alice', secret, code, { now })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'replayed')).toHaveLength(2);
    expect((await verifyOnce('bob', secret, code, { now })).ok).toBe(true);
  });
});

describe('createTotpEnrollment', () => {
  it('returns a fresh secret, an otpauth URI naming issuer and account, and a scannable QR SVG', async () => {
    const a = await createTotpEnrollment({ issuer: 'Twofold Demo', account: 'ada@example.com' });
    const b = await createTotpEnrollment({ issuer: 'Twofold Demo', account: 'ada@example.com' });
    expect(a.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(a.secret).not.toBe(b.secret);
    const uri = new URL(a.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Twofold Demo:ada@example.com');
    expect(uri.searchParams.get('secret')).toBe(a.secret);
    expect(uri.searchParams.get('issuer')).toBe('Twofold Demo');
    expect(a.qrSvg.startsWith('<svg')).toBe(true);
    // Decode the QR: rasterise the SVG's module path and read it back with jsQR.
    expect(decodeSvgQr(a.qrSvg)).toBe(a.uri);
    const code = await generateTotp(a.secret);
    expect((await verifyTotp(a.secret, code)).ok).toBe(true);
  });

  it('refuses empty or ambiguous labels', async () => {
    await expect(createTotpEnrollment({ issuer: '', account: 'x' })).rejects.toMatchObject({ code: 'totp_bad_enrollment' });
    await expect(createTotpEnrollment({ issuer: 'a:b', account: 'x' })).rejects.toMatchObject({ code: 'totp_bad_enrollment' });
  });
});

/** Rasterises the dark-module path of a `qrcode` SVG (h/v/m segments) and decodes it with jsQR. */
function decodeSvgQr(svg: string): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1] ?? /<path[^>]*d="([^"]+)"[^>]*stroke="#000000"/.exec(svg)?.[1];
  if (!size || !path) return undefined;
  const scale = 8;
  const px = size * scale;
  const data = new Uint8ClampedArray(px * px * 4).fill(255);
  const dark = (x: number, y: number) => {
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const i = ((y * scale + dy) * px + x * scale + dx) * 4;
      data[i] = data[i + 1] = data[i + 2] = 0;
    }
  };
  let x = 0;
  let y = 0;
  for (const [, op, num] of path.matchAll(/([MmHhVv])\s*(-?[\d.]+(?:[ ,]-?[\d.]+)?)/g)) {
    const [a, b] = num!.split(/[ ,]/).map(Number) as [number, number | undefined];
    if (op === 'M') { x = a; y = b!; } else if (op === 'm') { x += a; y += b!; } else if (op === 'h') {
      for (let i = 0; i < a; i++) dark(x + i, Math.floor(y));
      x += a;
    } else if (op === 'H') { for (let i = x; i < a; i++) dark(i, Math.floor(y)); x = a; }
  }
  return jsQR(data, px, px)?.data;
}
