// Server TOTP: the RFC 6238 Appendix B vectors (all three hashes) through the store-bound verifier
// and generateTotp, window handling, RFC 6238 §5.2 replay refusal, failures counted across sign-ins
// with backoff and lockout, a misuse that does not compile, and enrolment (URI + QR).
import jsQR from 'jsqr';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTotpEnrollment, generateTotp, type TotpAlgorithm, type TotpParams } from '../../../sdk/server/totp';
import { DEFAULT_TOTP_LOCKOUT, TotpRefusedError, createTotpVerifier, type TotpVerifier } from '../../../sdk/server/totp-verifier';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import type { Store } from '../../../sdk/server/store/types';
import { FIXTURES } from '../../extension/import/fixture-files';
import { join } from 'node:path';

interface TotpVector {
  unix_time: number;
  SHA1: string;
  SHA256: string;
  SHA512: string;
}
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'rfc/rfc4226_rfc6238_vectors.json'), 'utf8')) as {
  rfc6238_totp: { period: number; digits: 8; seeds: Record<'SHA1' | 'SHA256' | 'SHA512', { base32: string }>; vectors: TotpVector[] };
};
const rfc = fixture.rfc6238_totp;
const algorithms = ['SHA1', 'SHA256', 'SHA512'] as const;

/** A verifier over a fresh memory store (or `store`) for the accounts in `secrets`, at the clock `at.now`. */
function verifierFor(secrets: Record<string, string>, options: TotpParams & { window?: number; at?: { now: number }; store?: Store } = {}): TotpVerifier {
  const { at, store, ...params } = options;
  return createTotpVerifier({
    ...params,
    store: store ?? createMemoryStore(),
    secretOf: (userId) => secrets[userId],
    ...(at ? { now: () => at.now } : {}),
  });
}

/** The refusal a verification ended in (fails the test when the code was accepted). */
async function refusal(promise: Promise<void>): Promise<TotpRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TotpRefusedError);
  return error as TotpRefusedError;
}

describe('RFC 6238 Appendix B vectors', () => {
  for (const alg of algorithms) {
    const secret = rfc.seeds[alg].base32;
    const algorithm = alg.toLowerCase() as TotpAlgorithm;
    it(`${alg}: verifies and generates every published code at its time`, async () => {
      expect(rfc.vectors.length).toBeGreaterThanOrEqual(6);
      for (const vector of rfc.vectors) {
        const at = { now: vector.unix_time * 1000 };
        expect(await generateTotp(secret, { algorithm, digits: 8, now: at.now })).toBe(vector[alg]);
        await expect(verifierFor({ u: secret }, { algorithm, digits: 8, window: 0, at }).verify('u', vector[alg])).resolves.toBeUndefined();
      }
    });
  }

  it('refuses a published code one step later with window 0 and accepts it with window 1', async () => {
    const v = rfc.vectors[1]!;
    const secrets = { u: rfc.seeds.SHA1.base32 };
    const later = { now: (v.unix_time + 30) * 1000 };
    expect((await refusal(verifierFor(secrets, { digits: 8, window: 0, at: later }).verify('u', v.SHA1))).reason).toBe('invalid');
    await expect(verifierFor(secrets, { digits: 8, window: 1, at: later }).verify('u', v.SHA1)).resolves.toBeUndefined();
    const tooLate = { now: (v.unix_time + 60) * 1000 };
    expect((await refusal(verifierFor(secrets, { digits: 8, window: 1, at: tooLate }).verify('u', v.SHA1))).reason).toBe('invalid');
  });
});

describe('createTotpVerifier', () => {
  const secret = rfc.seeds.SHA1.base32;

  it('refuses a code already accepted (RFC 6238 §5.2), and older steps, but not the next code', async () => {
    const at = { now: 1_800_000_000_000 };
    const verifier = verifierFor({ alice: secret }, { at });
    const code = await generateTotp(secret, { now: at.now });
    await verifier.verify('alice', code);
    expect((await refusal(verifier.verify('alice', code))).reason).toBe('replayed');
    expect((await refusal(verifier.verify('alice', await generateTotp(secret, { now: at.now - 30_000 })))).reason).toBe('replayed');
    at.now += 30_000;
    await expect(verifier.verify('alice', await generateTotp(secret, { now: at.now }))).resolves.toBeUndefined();
  });

  it('accepts each code once per account, even when submitted concurrently', async () => {
    const at = { now: 1_800_000_000_000 };
    const verifier = verifierFor({ alice: secret, bob: secret }, { at });
    const code = await generateTotp(secret, { now: at.now });
    const results = await Promise.allSettled([1, 2, 3].map(() => verifier.verify('alice', code)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expect(verifier.verify('bob', code)).resolves.toBeUndefined();
  });

  it('says what is wrong with malformed input, an unknown account and a broken stored secret', async () => {
    const at = { now: 1_800_000_000_000 };
    const verifier = verifierFor({ alice: secret, broken: 'not base32!!' }, { at });
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5a', undefined as unknown as string]) {
      expect((await refusal(verifier.verify('alice', bad))).reason).toBe('malformed');
    }
    const spaced = await generateTotp(secret, { now: at.now });
    await expect(verifier.verify('alice', `${spaced.slice(0, 3)} ${spaced.slice(3)}`)).resolves.toBeUndefined();
    const none = await refusal(verifier.verify('nobody', '123456'));
    expect([none.reason, none.code, none.status]).toEqual(['not-enrolled', 'totp_not_enrolled', 401]);
    await expect(verifier.verify('broken', '123456')).rejects.toMatchObject({ code: 'totp_bad_secret' });
    await expect(verifier.verify('', '123456')).rejects.toMatchObject({ code: 'totp_bad_account' });
  });

  it('counts failures per account across sign-ins: free tries, then 1-16 s backoff, then a 15-minute lock that a valid code does not pass', async () => {
    const at = { now: 1_800_000_000_000 };
    const store = createMemoryStore();
    // Two "instances" (verifiers) on one store: the count is the store's, not a verifier's.
    const [one, two] = [verifierFor({ alice: secret }, { at, store }), verifierFor({ alice: secret }, { at, store })];
    const wrong = async () => ((await generateTotp(secret, { now: at.now })) === '000000' ? '111111' : '000000');
    for (let i = 1; i <= DEFAULT_TOTP_LOCKOUT.freeFailures; i++) {
      expect((await refusal((i % 2 ? one : two).verify('alice', await wrong()))).reason).toBe('invalid');
    }
    // The 5th failure asks for 1 s before the next try: refused unchecked, with Retry-After.
    const waiting = await refusal(one.verify('alice', await generateTotp(secret, { now: at.now })));
    expect([waiting.reason, waiting.status, waiting.retryAfterMs]).toEqual(['throttled', 429, 1000]);
    const delays: number[] = [];
    for (let failures = 5; failures < DEFAULT_TOTP_LOCKOUT.lockAfter; failures++) {
      const refused = await refusal(two.verify('alice', await wrong()));
      if (refused.reason === 'throttled') delays.push(refused.retryAfterMs!);
      at.now += 2 ** (failures - 5) * 1000;
      expect((await refusal(two.verify('alice', await wrong()))).reason).toBe('invalid');
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
    const locked = await refusal(one.verify('alice', await generateTotp(secret, { now: at.now })));
    expect([locked.reason, locked.retryAfterMs]).toEqual(['locked', 15 * 60 * 1000]);
    at.now += 15 * 60 * 1000;
    await expect(one.verify('alice', await generateTotp(secret, { now: at.now }))).resolves.toBeUndefined();
    expect(await store.readTotpState('alice')).toMatchObject({ failures: 0, nextAllowedAt: 0 });
  });

  it('locks for good at 100 consecutive failures (NIST SP 800-63B §5.2.2) until the site unlocks', async () => {
    const at = { now: 1_800_000_000_000 };
    const store = createMemoryStore();
    const verifier = verifierFor({ alice: secret }, { at, store });
    await store.updateTotpFailures('alice', await store.readTotpState('alice'), { failures: 99, nextAllowedAt: 0 });
    const wrong = (await generateTotp(secret, { now: at.now })) === '000000' ? '111111' : '000000';
    expect((await refusal(verifier.verify('alice', wrong))).reason).toBe('invalid');
    at.now += 365 * 24 * 3600 * 1000;
    const locked = await refusal(verifier.verify('alice', await generateTotp(secret, { now: at.now })));
    expect([locked.reason, locked.retryAfterMs]).toEqual(['locked', undefined]);
    await verifier.unlock('alice');
    await expect(verifier.verify('alice', await generateTotp(secret, { now: at.now }))).resolves.toBeUndefined();
  });

  it('lets through at most one of many racing guesses per state (no backoff bypass by concurrency)', async () => {
    const at = { now: 1_800_000_000_000 };
    const store = createMemoryStore();
    const verifier = verifierFor({ alice: secret }, { at, store });
    await store.updateTotpFailures('alice', await store.readTotpState('alice'), { failures: 9, nextAllowedAt: 0 });
    const code = await generateTotp(secret, { now: at.now });
    const guesses = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((g) => g !== code);
    const outcomes = await Promise.allSettled(guesses.map((g) => verifier.verify('alice', g)));
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as TotpRefusedError).reason : 'accepted'));
    expect(reasons.filter((r) => r === 'invalid')).toHaveLength(1);
    expect(reasons.every((r) => r === 'invalid' || r === 'throttled' || r === 'locked')).toBe(true);
    expect((await store.readTotpState('alice')).failures).toBe(10);
  });
});

// Never called: compiled by `tsc --noEmit -p .` (npm test), which must reject each marked misuse.
// The README's old pattern `if (verifyTotp(…))` accepted any code; the verifier's shape forbids it.
// biome-ignore lint/suspicious/noExportsInTest: exported only so tsc's noUnusedLocals accepts a function nothing calls.
export async function misuseDoesNotCompile(verifier: TotpVerifier): Promise<void> {
  // @ts-expect-error TS2801: a Promise in a condition is always true ("did you forget to use await?")
  if (verifier.verify('alice', '000000')) throw new Error('unreachable');
  // @ts-expect-error TS1345: verify resolves to void, which cannot be tested for truthiness
  if (await verifier.verify('alice', '000000')) throw new Error('unreachable');
  // @ts-expect-error TS1345: nor can it be negated into a boolean
  const accepted: boolean = !(await verifier.verify('alice', '000000'));
  void accepted;
}

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
    await expect(verifierFor({ alice: a.secret }).verify('alice', code)).resolves.toBeUndefined();
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
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const i = ((y * scale + dy) * px + x * scale + dx) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
  };
  let x = 0;
  let y = 0;
  for (const [, op, num] of path.matchAll(/([MmHhVv])\s*(-?[\d.]+(?:[ ,]-?[\d.]+)?)/g)) {
    const [a, b] = num!.split(/[ ,]/).map(Number) as [number, number | undefined];
    if (op === 'M') {
      x = a;
      y = b!;
    } else if (op === 'm') {
      x += a;
      y += b!;
    } else if (op === 'h') {
      for (let i = 0; i < a; i++) dark(x + i, Math.floor(y));
      x += a;
    } else if (op === 'H') {
      for (let i = x; i < a; i++) dark(i, Math.floor(y));
      x = a;
    }
  }
  return jsQR(data, px, px)?.data;
}
