// The fetch-style handler (Request → Response: Next.js route handlers, Hono, Deno, Bun): the same
// endpoints as the node handler, called with web Requests directly — nonce, a sealed assess with
// the API key, 4xx JSON error bodies (never a stack), per-IP 429 with Retry-After, CORS preflight.
import { afterEach, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldFetchHandler, type TwofoldFetchHandler, type TwofoldHandlerOptions } from '../../../../sdk/server/index';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createTestDeviceKey } from '../helpers/device-key';
import { sampleReport } from '../helpers/report';

const SITE = 'example.com';
const ORIGIN = 'https://example.com';
const AS_SERVER = { authorization: 'Bearer server-secret' };
const handlers: TwofoldFetchHandler[] = [];
let keys: SiteKeys;

afterEach(() => {
  for (const handler of handlers.splice(0)) handler.close();
});

async function make(options: Partial<TwofoldHandlerOptions> = {}): Promise<TwofoldFetchHandler> {
  keys = await generateSiteKeys();
  const handler = createTwofoldFetchHandler({ site: SITE, store: createMemoryStore(), keys, apiKey: 'server-secret', ...options });
  handlers.push(handler);
  return handler;
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const text = await response.text();
  expect(text).not.toMatch(/\n\s+at /); // no stack trace
  return (JSON.parse(text) as { error: { code: string; message: string } }).error;
}

describe('createTwofoldFetchHandler', () => {
  it('issues a nonce as JSON, not cached', async () => {
    const twofold = await make();
    const response = await twofold(new Request(`${ORIGIN}/twofold/nonce`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as { nonce: string }).nonce).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it("assesses a sealed report for the site's server (API key): decision, reasons, attempt token; then records it", async () => {
    const twofold = await make();
    const { nonce } = (await (await twofold(new Request(`${ORIGIN}/twofold/nonce`))).json()) as { nonce: string };
    const device = await createTestDeviceKey();
    const sealed = await sealReport(sampleReport({ site: SITE, origin: ORIGIN, deviceId: 'device-ada' }), {
      publicKey: keys.publicKey,
      nonce,
      site: SITE,
      origin: ORIGIN,
      prove: device.prove,
    });
    const assess = await twofold(post('/twofold/assess', JSON.stringify({ userId: 'ada', sealed }), AS_SERVER), { clientAddress: '203.0.113.7' });
    expect(assess.status).toBe(200);
    const out = (await assess.json()) as { decision: string; score: number; reasons: { feature: string }[]; attemptToken: string };
    expect(out.decision).toBe('challenge'); // a first sign-in has no history to match
    expect(out.reasons.length).toBeGreaterThan(0);
    expect(typeof out.score).toBe('number');
    const record = await twofold(post('/twofold/record', JSON.stringify({ attemptToken: out.attemptToken, outcome: 'success' }), AS_SERVER));
    expect(record.status).toBe(200);
    expect(((await record.json()) as { recorded: boolean }).recorded).toBe(true);
    // The same nonce a second time is refused (single use) with a 4xx, whatever the transport.
    const replay = await twofold(post('/twofold/assess', JSON.stringify({ userId: 'ada', sealed }), AS_SERVER));
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.status).toBeLessThan(500);
  });

  it('answers bad requests with a typed 4xx JSON error body', async () => {
    const twofold = await make();
    const anonymous = await twofold(post('/twofold/assess', JSON.stringify({ userId: 'ada' })));
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('unauthorized');
    const notJson = await twofold(post('/twofold/assess', '{"userId":', AS_SERVER));
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).code).toBe('invalid_json');
    const wrongType = await twofold(
      new Request(`${ORIGIN}/twofold/assess`, { method: 'POST', headers: { ...AS_SERVER, 'content-type': 'text/plain' }, body: 'x' }),
    );
    expect(wrongType.status).toBe(415);
    const wrongMethod = await twofold(new Request(`${ORIGIN}/twofold/nonce`, { method: 'DELETE' }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    const nowhere = await twofold(new Request(`${ORIGIN}/twofold/nope`));
    expect(nowhere.status).toBe(404);
    expect((await errorOf(nowhere)).code).toBe('not_found');
  });

  it('refuses a body over maxBodyBytes while streaming it (no Content-Length to trust)', async () => {
    const twofold = await make({ maxBodyBytes: 1024 });
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(`{"pad":"${'x'.repeat(500)}",`));
        controller.close();
      },
    });
    const response = await twofold(
      new Request(`${ORIGIN}/twofold/assess`, {
        method: 'POST',
        headers: { ...AS_SERVER, 'content-type': 'application/json' },
        body: big,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('body_too_large');
  });

  it('rate-limits per client address: 429 with Retry-After, other addresses unaffected', async () => {
    const twofold = await make({ limits: { perIp: { nonce: { limit: 2, windowMs: 60_000 } } } });
    const nonce = (clientAddress: string) => twofold(new Request(`${ORIGIN}/twofold/nonce`), { clientAddress });
    expect((await nonce('198.51.100.1')).status).toBe(200);
    expect((await nonce('198.51.100.1')).status).toBe(200);
    const limited = await nonce('198.51.100.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(limited)).code).toBe('rate_limited');
    expect((await nonce('198.51.100.2')).status).toBe(200);
  });

  it('answers a CORS preflight with 204 and no body, and serves the well-known document', async () => {
    const twofold = await make({
      publicUrl: ORIGIN,
      controller: { name: 'Example AS', contact: 'privacy@example.com', policyUrl: 'https://example.com/privacy' },
    });
    const preflight = await twofold(new Request(`${ORIGIN}/twofold/rights/erase`, { method: 'OPTIONS' }));
    expect(preflight.status).toBe(204);
    expect(preflight.body).toBeNull();
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const wellKnown = await twofold(new Request(`${ORIGIN}/.well-known/twofold.json`));
    expect(wellKnown.status).toBe(200);
    expect(((await wellKnown.json()) as { site: string }).site).toBe(SITE);
    // Without a public URL only loopback callers are answered: the Request's URL gives the host, the context the peer.
    const local = await make();
    expect((await local(new Request(`${ORIGIN}/.well-known/twofold.json`), { clientAddress: '198.51.100.9' })).status).toBe(404);
    const loopback = await local(new Request('http://127.0.0.1:8787/.well-known/twofold.json'), { clientAddress: '127.0.0.1' });
    expect(loopback.status).toBe(200);
    expect(JSON.stringify(await loopback.json())).toContain('http://127.0.0.1:8787/twofold/rights');
  });
});
