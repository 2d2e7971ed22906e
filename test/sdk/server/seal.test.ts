// Sealing round trip and every refusal of `unseal`: each failure has its own code and message.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEALED_LENGTH, SealError, fromBase64Url, sealReport, toBase64Url } from '../../../sdk/protocol/seal';
import { generateSiteKeys, issueNonce, unseal, unsealWithHeader, type SiteKeys } from '../../../sdk/server/seal';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { sampleReport } from './helpers/report';

const SITE = 'example.com';
const ORIGIN = 'https://example.com';
let keys: SiteKeys;
let otherKeys: SiteKeys;

beforeAll(async () => {
  keys = await generateSiteKeys();
  otherKeys = await generateSiteKeys();
});

async function sealed(opts: { now?: number; site?: string; publicKey?: string; report?: ReturnType<typeof sampleReport> } = {}) {
  const { nonce } = await issueNonce(keys, opts.now ?? Date.now());
  const report = opts.report ?? sampleReport({ site: opts.site ?? SITE });
  const text = await sealReport(report, {
    publicKey: opts.publicKey ?? keys.publicKey,
    nonce,
    site: opts.site ?? SITE,
    origin: ORIGIN,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { text, report, nonce };
}

async function refusal(promise: Promise<unknown>): Promise<SealError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SealError);
  return err as SealError;
}

function flipChar(text: string, index: number): string {
  const c = text[index]!;
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('generateSiteKeys', () => {
  it('returns serialisable, distinct keys with a key id', async () => {
    expect(fromBase64Url(keys.publicKey)).toHaveLength(65);
    expect(fromBase64Url(keys.privateKey)).toHaveLength(32);
    expect(keys.kid).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(keys.publicKey).not.toBe(otherKeys.publicKey);
    expect(JSON.parse(JSON.stringify(keys))).toEqual(keys);
    expect(keys.signingPublicKey).not.toHaveProperty('d');
  });
});

describe('seal → unseal', () => {
  it('returns the validated report, bound to site, origin and nonce', async () => {
    const store = createMemoryStore();
    const { text, report } = await sealed();
    expect(text.startsWith('tf1.')).toBe(true);
    const header = JSON.parse(new TextDecoder().decode(fromBase64Url(text.split('.')[1]!)));
    expect(header).toMatchObject({ v: 1, site: SITE, origin: ORIGIN, kid: keys.kid });
    const out = await unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store });
    expect(out).toEqual(report);
  });

  it('gives the report as sealed in reportJson, with a device proof (made at once) and without one (made when read)', async () => {
    const { text, report } = await sealed();
    const plain = await unsealWithHeader(text, { privateKey: keys.privateKey, site: SITE, nonces: createMemoryStore() });
    expect(plain.proof).toBeUndefined();
    expect(plain.reportJson).toBe(JSON.stringify(report));
    let signed = '';
    const nonce = (await issueNonce(keys)).nonce;
    const proved = await sealReport(report, {
      publicKey: keys.publicKey,
      nonce,
      site: SITE,
      origin: ORIGIN,
      prove: async (binding) => {
        signed = binding.reportJson;
        return { v: 1, alg: 'ES256', kid: 'k', jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }, sig: 's' } as never;
      },
    });
    const withProof = await unsealWithHeader(proved, { privateKey: keys.privateKey, site: SITE, nonces: createMemoryStore() });
    expect(withProof.proof).toBeDefined();
    expect(withProof.reportJson).toBe(signed);
  });

  it('refuses a replay: the nonce is consumed by the first unseal', async () => {
    const store = createMemoryStore();
    const { text } = await sealed();
    await unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store });
    const err = await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }));
    expect(err.code).toBe('seal_replayed');
    expect(err.message).toMatch(/GET \/twofold\/nonce/);
  });

  it('refuses a nonce the server never issued', async () => {
    const store = createMemoryStore();
    const text = await sealReport(sampleReport(), {
      publicKey: keys.publicKey,
      nonce: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
      site: SITE,
      origin: ORIGIN,
    });
    expect((await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_replayed');
  });

  it('issues nonces without writing anything; only a spent one is remembered, and any instance sharing the keys accepts it once', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 50; i++) await issueNonce(keys);
    expect(await store.purgeGuards(Number.MAX_SAFE_INTEGER)).toBe(0);
    const { text } = await sealed();
    // A second "instance": same keys, same store, its own module state (nothing but the keys is shared).
    await unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store });
    expect((await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_replayed');
    expect(await store.purgeGuards(Number.MAX_SAFE_INTEGER)).toBe(1);
  });

  it('refuses a nonce minted under other keys, an altered one, and an expired one (before opening the envelope)', async () => {
    const store = createMemoryStore();
    const foreign = await issueNonce(otherKeys);
    const viaForeign = await sealReport(sampleReport(), { publicKey: keys.publicKey, nonce: foreign.nonce, site: SITE, origin: ORIGIN });
    expect((await refusal(unseal(viaForeign, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_replayed');
    const own = await issueNonce(keys);
    const altered = flipChar(own.nonce, 3);
    const viaAltered = await sealReport(sampleReport(), { publicKey: keys.publicKey, nonce: altered, site: SITE, origin: ORIGIN });
    expect((await refusal(unseal(viaAltered, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_replayed');
    const t0 = Date.now();
    const short = await issueNonce(keys, t0, 1000);
    const viaShort = await sealReport(sampleReport(), { publicKey: keys.publicKey, nonce: short.nonce, site: SITE, origin: ORIGIN, now: t0 });
    expect((await refusal(unseal(viaShort, { privateKey: keys.privateKey, site: SITE, nonces: store, now: t0 + 1000 }))).code).toBe('seal_replayed');
    expect(await store.purgeGuards(Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it('refuses a report sealed to another key', async () => {
    const store = createMemoryStore();
    const { text } = await sealed({ publicKey: otherKeys.publicKey });
    const err = await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }));
    expect(err.code).toBe('seal_wrong_key');
    expect(err.message).toContain(otherKeys.kid);
  });

  it('refuses another key even when the key id in the header is forged (authentication fails)', async () => {
    const store = createMemoryStore();
    const { text } = await sealed({ publicKey: otherKeys.publicKey });
    const [prefix, headerPart, enc, ct] = text.split('.');
    const header = JSON.parse(new TextDecoder().decode(fromBase64Url(headerPart!)));
    header.kid = keys.kid;
    const forged = [prefix, toBase64Url(new TextEncoder().encode(JSON.stringify(header))), enc, ct].join('.');
    expect((await refusal(unseal(forged, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_tampered');
  });

  it('refuses a report sealed for another site', async () => {
    const store = createMemoryStore();
    const { text } = await sealed({ site: 'evil.example' });
    const err = await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }));
    expect(err.code).toBe('seal_wrong_site');
    expect(err.message).toContain('evil.example');
  });

  it('refuses a report from an origin outside the allow-list', async () => {
    const store = createMemoryStore();
    const { text } = await sealed();
    const err = await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store, origins: ['https://login.example.com'] }));
    expect(err.code).toBe('seal_wrong_site');
  });

  it('refuses a report whose inner report names another site than the header', async () => {
    const store = createMemoryStore();
    const { text } = await sealed({ report: sampleReport({ site: 'other.example' }) });
    expect((await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_wrong_site');
  });

  it('refuses a report older than 5 minutes, and accepts one just under', async () => {
    const store = createMemoryStore();
    const t0 = Date.now();
    const old = await sealed({ now: t0 });
    const err = await refusal(unseal(old.text, { privateKey: keys.privateKey, site: SITE, nonces: store, now: t0 + 5 * 60_000 + 1 }));
    expect(err.code).toBe('seal_expired');
    const fresh = await sealed({ now: t0 });
    await expect(unseal(fresh.text, { privateKey: keys.privateKey, site: SITE, nonces: store, now: t0 + 5 * 60_000 - 1000 })).resolves.toBeTruthy();
  });

  it('refuses a report sealed in the future', async () => {
    const store = createMemoryStore();
    const { text } = await sealed({ now: Date.now() + 10 * 60_000 });
    expect((await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }))).code).toBe('seal_expired');
  });

  it('refuses any single altered character of the header, key share or ciphertext', async () => {
    const store = createMemoryStore();
    const { text } = await sealed();
    const parts = text.split('.');
    const starts = [4, 4 + parts[1]!.length + 1, 4 + parts[1]!.length + 1 + parts[2]!.length + 1];
    const codes = new Set<string>();
    for (const start of starts) {
      for (const offset of [0, 5, 20]) {
        const err = await refusal(unseal(flipChar(text, start + offset), { privateKey: keys.privateKey, site: SITE, nonces: store }));
        codes.add(err.code);
      }
    }
    // Header edits surface as malformed/tampered; key-share and ciphertext edits as tampered.
    expect([...codes].every((c) => ['seal_tampered', 'seal_malformed'].includes(c))).toBe(true);
    expect(codes.has('seal_tampered')).toBe(true);
    // Tampered attempts did not burn the nonce: the genuine envelope still opens once.
    await expect(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store })).resolves.toBeTruthy();
  });

  it('refuses truncated envelopes', async () => {
    const store = createMemoryStore();
    const { text } = await sealed();
    for (const cut of [3, 10, text.lastIndexOf('.'), text.length - 1, text.length - 30]) {
      const err = await refusal(unseal(text.slice(0, cut), { privateKey: keys.privateKey, site: SITE, nonces: store }));
      expect(['seal_malformed', 'seal_tampered']).toContain(err.code);
    }
  });

  it('refuses oversized input before any crypto', async () => {
    const store = createMemoryStore();
    const err = await refusal(unseal(`tf1.${'A'.repeat(MAX_SEALED_LENGTH)}`, { privateKey: keys.privateKey, site: SITE, nonces: store }));
    expect(err.code).toBe('seal_too_large');
    expect(err.status).toBe(413);
  });

  it('refuses to seal a report larger than the limit', async () => {
    const report = sampleReport();
    report.signals['padding'] = { value: 'x'.repeat(MAX_SEALED_LENGTH), durationMs: 0 };
    const err = await refusal(sealReport(report, { publicKey: keys.publicKey, nonce: 'n'.repeat(22), site: SITE, origin: ORIGIN }));
    expect(err.code).toBe('seal_too_large');
  });

  it.each([
    ['a number', 42],
    ['an empty string', ''],
    ['a JWT-like string', 'eyJhbGciOi.eyJzdWIi.c2ln'],
    ['not base64url', 'tf1.$$$.%%%.^^^'],
    ['a header that is not JSON', `tf1.${toBase64Url(new TextEncoder().encode('{nope'))}.AAAA.AAAA`],
    ['a header with the wrong shape', `tf1.${toBase64Url(new TextEncoder().encode('{"v":2}'))}.AAAA.AAAA`],
  ])('refuses malformed input: %s', async (_label, input) => {
    const store = createMemoryStore();
    const err = await refusal(unseal(input, { privateKey: keys.privateKey, site: SITE, nonces: store }));
    expect(err.code).toBe('seal_malformed');
    expect(err.message.length).toBeGreaterThan(20);
    expect(err.toJSON()).toEqual({ error: { code: 'seal_malformed', message: err.message } });
  });

  it('refuses a validly sealed payload that is not a SignalReport', async () => {
    const store = createMemoryStore();
    const bad = { ...sampleReport(), version: 2 } as unknown as ReturnType<typeof sampleReport>;
    const { text } = await sealed({ report: bad });
    const err = await refusal(unseal(text, { privateKey: keys.privateKey, site: SITE, nonces: store }));
    expect(err.code).toBe('seal_invalid_report');
    expect(err.message).toContain('version');
  });

  it('names a bad key configuration', async () => {
    const store = createMemoryStore();
    expect((await refusal(sealReport(sampleReport(), { publicKey: 'nope', nonce: 'n'.repeat(22), site: SITE, origin: ORIGIN }))).code).toBe('seal_bad_key');
    const { text } = await sealed();
    expect((await refusal(unseal(text, { privateKey: 'short', site: SITE, nonces: store }))).code).toBe('seal_bad_key');
  });
});
