// Hostile input against every endpoint of the handler (seeded, bounded): malformed JSON, wrong
// types, truncated / tampered / replayed / oversized sealed reports, forged rights tokens. Every
// answer is a 4xx JSON error with a code (or a 200 for the rare valid case); never a 5xx.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sealReport, toBase64Url } from '../../../../sdk/protocol/seal';
import { createTableGeo } from '../../../../sdk/server/geo';
import { createTwofoldHandler, type TwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { sampleReport } from '../helpers/report';
import { serveHandler, type ServedHandler } from '../helpers/serve';

const CASES = Number(process.env['FUZZ_CASES'] ?? 1000);
let served: ServedHandler;
let base: string;
let store: Store;
let keys: SiteKeys;
let handler: TwofoldHandler;
const unexpected: unknown[] = [];

beforeAll(async () => {
  store = await createSqliteStore(':memory:');
  keys = await generateSiteKeys();
  handler = createTwofoldHandler({ site: 'example.com', store, keys, apiKey: 'k', purgeIntervalMs: 0, geo: createTableGeo({}), onError: (e) => unexpected.push(e) });
  served = await serveHandler(handler);
  base = served.base;
});

afterAll(async () => {
  await served.close();
  await store.close();
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

it(`answers ${CASES} hostile requests with 4xx JSON errors and no 5xx`, async () => {
  const rand = seeded(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const { nonce } = await handler.service.issueNonce();
  const genuine = await sealReport(sampleReport(), { publicKey: keys.publicKey, nonce, site: 'example.com', origin: 'https://example.com' });
  const assessed = await handler.service.assess({ userId: 'u', sealed: genuine, ip: '192.0.2.1', userAgent: 'x' });
  const token = assessed.rightsToken!;
  const mutate = (text: string): string => {
    const i = Math.floor(rand() * text.length);
    switch (Math.floor(rand() * 5)) {
      case 0: return text.slice(0, i);
      case 1: return text.slice(0, i) + String.fromCharCode(33 + Math.floor(rand() * 90)) + text.slice(i + 1);
      case 2: return text.slice(0, i) + text.slice(i + 1 + Math.floor(rand() * 20));
      case 3: return text + text.slice(0, i);
      default: return text.split('.').reverse().join('.');
    }
  };
  // Keeps the base64url alphabet, so the envelope parses and the AEAD has to catch the change.
  const flipInCiphertext = (text: string): string => {
    const start = text.lastIndexOf('.') + 1;
    const i = start + Math.floor(rand() * (text.length - start));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const replacement = alphabet[(alphabet.indexOf(text[i]!) + 1 + Math.floor(rand() * 62)) % 64]!;
    return text.slice(0, i) + replacement + text.slice(i + 1);
  };
  const junk = (): unknown => pick([null, 0, -1, 1e308, true, '', 'x', [], {}, [1, 'a'], { a: { b: {} } }, '\u0000', '💥'.repeat(50)]);
  const bodies: (() => unknown)[] = [
    () => mutate(JSON.stringify({ userId: 'u', sealed: genuine })),
    () => JSON.stringify({ userId: 'u', sealed: mutate(genuine) }),
    () => JSON.stringify({ userId: 'u', sealed: genuine }),
    () => JSON.stringify({ userId: junk(), sealed: junk() }),
    () => JSON.stringify(junk()),
    () => JSON.stringify({ userId: 'u', sealed: 'tf1.' + 'A'.repeat(Math.floor(rand() * 80_000)) }),
    () => JSON.stringify({ token: mutate(token) }),
    () => JSON.stringify({ token: junk() }),
    () => JSON.stringify({ token: `rt1.${toBase64Url(new TextEncoder().encode(JSON.stringify({ v: 1, site: 'example.com', dev: 'd', jti: 'xxxxxxxxxx', iat: 0, exp: 9e15 })))}.${'A'.repeat(86)}` }),
    () => JSON.stringify({ attemptToken: junk(), outcome: pick(['success', 'failure', 'x', 1]) }),
    () => '{"userId":"u","sealed":"' + 'x'.repeat(Math.floor(rand() * 200_000)) + '"}',
    () => '\u00ff\u00fe{[',
  ];
  const targets = [
    ['POST', '/twofold/assess'], ['POST', '/twofold/record'], ['POST', '/twofold/rights/erase'], ['POST', '/twofold/rights/object'],
    ['POST', '/twofold/rights/access'], ['GET', '/twofold/rights/access'], ['GET', '/twofold/nonce'], ['PUT', '/twofold/assess'],
    ['GET', '/.well-known/twofold.json'], ['POST', '/.well-known/twofold.json'], ['GET', '/twofold/%E0%A4%A'], ['POST', '/twofold/rights/erase/'],
  ] as const;
  const statuses = new Map<number, number>();
  const codes = new Set<string>();
  for (let i = 0; i < CASES; i++) {
    // Every fourth request is a well-formed assess whose sealed report was altered in transit.
    const tampered = i % 4 === 0;
    const [method, path] = tampered ? (['POST', '/twofold/assess'] as const) : pick(targets);
    const headers: Record<string, string> = { 'content-type': tampered ? 'application/json' : pick(['application/json', 'application/json; charset=utf-8', 'text/plain', '']) };
    if (rand() < 0.3) headers['authorization'] = pick(['Bearer k', `Bearer ${mutate(token)}`, 'Basic x', 'Bearer ']);
    const body = tampered ? JSON.stringify({ userId: 'u', sealed: flipInCiphertext(genuine) }) : String(pick(bodies)());
    const response = await fetch(base + path, { method, headers, ...(method === 'GET' ? {} : { body }) });
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    expect(response.status, `${method} ${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
    if (response.status >= 400) {
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/^[a-z_]+$/);
      codes.add(body.error.code);
    }
    expect(text).not.toMatch(/\n\s+at |node_modules/);
  }
  expect(unexpected).toEqual([]);
  // The generator reached the interesting refusals, not just one kind of error.
  for (const code of ['invalid_json', 'seal_tampered', 'seal_replayed', 'seal_too_large', 'rights_token_invalid', 'method_not_allowed', 'unauthorized']) {
    expect(codes, `no ${code} among ${[...codes].join(', ')}`).toContain(code);
  }
  console.log('fuzz statuses', Object.fromEntries(statuses), 'codes', [...codes].sort().join(' '));
}, 120_000);
