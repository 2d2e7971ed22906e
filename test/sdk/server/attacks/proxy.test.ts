// Issue 13, spoofed proxy headers: with --trust-proxy the first X-Forwarded-For entry was taken,
// the one the client writes, so an attacker picked the IP their sign-in was scored on. Against
// `twofold serve` (child process, SQLite and PostgreSQL): behind one trusted hop the right-most
// entry (the one the proxy appended) is the client; without --trust-proxy the header is ignored;
// X-Forwarded-Host never moves the rights endpoint the well-known document names.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackBackends, freshUser, removeAttackBundle, startAttackTarget, type AttackTarget } from '../helpers/attack-target';

afterAll(() => removeAttackBundle());

/** GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(
  url: string,
  host: string,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
): Promise<{ status: number; json: any; cacheControl: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { host, ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text), cacheControl: response.headers['cache-control'] }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe.each(attackBackends('twofold_attack_proxy'))('proxy headers against twofold serve on %s', (_name, prepare) => {
  let behindProxy: AttackTarget;
  let direct: AttackTarget;
  let cleanup = async () => {};
  let store = '';

  /** A completed sign-in through `target`, then the IP its login row was stored with (read back with its rights token). */
  async function scoredIp(target: AttackTarget, forwardedFor: string): Promise<string> {
    const { rightsToken } = await target.signIn(freshUser('proxy'), 'proxyDevice-0001', forwardedFor);
    const exported = await target.call('GET', '/twofold/rights/access', undefined, { authorization: `Bearer ${rightsToken}` });
    expect(exported.status).toBe(200);
    expect(exported.json.logins).toHaveLength(1);
    return exported.json.logins[0].ip as string;
  }

  beforeAll(async () => {
    const backend = await prepare();
    cleanup = backend.cleanup;
    store = backend.store;
    // One nginx in front (its own address: loopback), and a server that trusts no proxy but knows its public URL.
    behindProxy = await startAttackTarget(backend.store, { trustProxy: '1' });
    direct = await startAttackTarget(backend.store, { trustProxy: false, extraArgs: ['--public-url', 'https://login.example.com'] });
  }, 90_000);

  afterAll(async () => {
    await behindProxy?.stop();
    await direct?.stop();
    await cleanup();
  });

  it("behind one trusted hop, a spoofed first X-Forwarded-For entry is ignored: the proxy's entry is the client", async () => {
    expect(await scoredIp(behindProxy, '6.6.6.6, 84.208.20.10')).toBe('84.208.20.10');
    expect(await scoredIp(behindProxy, '6.6.6.6, 7.7.7.7, 84.208.20.11')).toBe('84.208.20.11');
    expect(await scoredIp(behindProxy, '84.208.20.12')).toBe('84.208.20.12');
  });

  it('trusting proxies by CIDR walks past every trusted hop and no further', async () => {
    // A third instance on the same store (as several instances share one database).
    const byRange = await startAttackTarget(store, { trustProxy: '127.0.0.0/8,10.0.0.0/8' });
    try {
      // client → CDN edge 10.1.1.1 (trusted) → this loopback peer; "6.6.6.6" was written by the client.
      expect(await scoredIp(byRange, '6.6.6.6, 84.208.20.13, 10.1.1.1')).toBe('84.208.20.13');
    } finally {
      await byRange.stop();
    }
  }, 60_000);

  it('without --trust-proxy, X-Forwarded-For is ignored entirely', async () => {
    expect(await scoredIp(direct, '84.208.20.10')).toBe('127.0.0.1');
  });

  it('the well-known document names the configured public URL, whatever Host and X-Forwarded-* say, and is not cached', async () => {
    const doc = await getWithHost(`${direct.base}/.well-known/twofold.json`, 'evil.example', {
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'http',
    });
    expect(doc.status).toBe(200);
    expect(doc.json.rightsEndpoint).toBe('https://login.example.com/twofold/rights');
    expect(doc.cacheControl).toBe('no-store');
  });

  it("without a public URL, a non-loopback Host gets no document rather than one naming the attacker's host", async () => {
    const spoofed = await getWithHost(`${behindProxy.base}/.well-known/twofold.json`, 'evil.example', { 'x-forwarded-host': 'evil.example' });
    expect(spoofed.status).toBe(404);
    expect(spoofed.json.error.code).toBe('public_url_required');
    expect(JSON.stringify(spoofed.json)).not.toContain('evil.example');
    const local = await behindProxy.call('GET', '/.well-known/twofold.json', undefined, { 'x-forwarded-host': 'evil.example' });
    expect(local.json.rightsEndpoint).toBe(`${behindProxy.base}/twofold/rights`);
  });
});
