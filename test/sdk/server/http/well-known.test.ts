// /.well-known/twofold.json names the rights endpoint under the configured public URL. Without one,
// the request's Host is used only for a loopback request to a loopback host (local development):
// elsewhere Host and X-Forwarded-Host are the client's to write. Never cached (no-store).
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwofoldHandler } from '../../../../sdk/server/http';
import { loopbackRequestBase } from '../../../../sdk/server/http/well-known';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { serveHandler, type ServedHandler } from '../helpers/serve';

/** A GET with a Host header of our choosing (fetch does not let a caller set Host). */
// biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; json: any; cacheControl: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
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

describe('GET /.well-known/twofold.json', () => {
  let keys: SiteKeys;
  let unconfigured: ServedHandler;
  let configured: ServedHandler;

  beforeAll(async () => {
    keys = await generateSiteKeys();
    unconfigured = await serveHandler(createTwofoldHandler({ site: 'example.com', store: createMemoryStore(), keys, trustProxy: true, purgeIntervalMs: 0 }));
    configured = await serveHandler(
      createTwofoldHandler({
        site: 'example.com',
        store: createMemoryStore(),
        keys,
        publicUrl: 'https://login.example.com',
        trustProxy: true,
        purgeIntervalMs: 0,
      }),
    );
  });

  afterAll(async () => {
    await unconfigured.close();
    await configured.close();
  });

  it('with publicUrl: names it whatever Host and X-Forwarded-* claim, no-store', async () => {
    const doc = await rawGet(`${configured.base}/.well-known/twofold.json`, {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'http',
    });
    expect(doc.status).toBe(200);
    expect(doc.json.rightsEndpoint).toBe('https://login.example.com/twofold/rights');
    expect(doc.cacheControl).toBe('no-store');
  });

  it('without publicUrl: a loopback Host is answered (a trusted proxy may say https), any other Host gets 404 naming the fix', async () => {
    const host = new URL(unconfigured.base).host;
    const via = async (proto: string) =>
      (await rawGet(`${unconfigured.base}/.well-known/twofold.json`, { host, 'x-forwarded-proto': proto, 'x-forwarded-host': 'login.example.com' })).json
        .rightsEndpoint;
    expect(await via('https')).toBe(`https://${host}/twofold/rights`);
    // The right-most entry is the trusted proxy's own; anything but http/https is ignored.
    expect(await via('http, https')).toBe(`https://${host}/twofold/rights`);
    expect(await via('javascript')).toBe(`http://${host}/twofold/rights`);
    for (const spoofed of ['evil.example', 'example.com', 'localhost.evil.example', '127.0.0.1.evil.example', 'evil.example:80']) {
      const answer = await rawGet(`${unconfigured.base}/.well-known/twofold.json`, { host: spoofed });
      expect(answer.status, spoofed).toBe(404);
      expect(answer.json.error.code).toBe('public_url_required');
      expect(answer.json.error.message).toMatch(/publicUrl|--public-url/);
    }
  });

  it('loopbackRequestBase: both the peer and the Host must be loopback', () => {
    const req = (remoteAddress: string, host: string) => ({ headers: { host }, socket: { remoteAddress } }) as unknown as IncomingMessage;
    expect(loopbackRequestBase(req('127.0.0.1', 'localhost:8080'), undefined)).toBe('http://localhost:8080');
    expect(loopbackRequestBase(req('::1', '[::1]:3000'), true)).toBe('https://[::1]:3000');
    expect(loopbackRequestBase(req('::ffff:127.0.0.1', '127.0.0.2'), undefined)).toBe('http://127.0.0.2');
    expect(loopbackRequestBase(req('203.0.113.5', 'localhost:8080'), undefined)).toBeUndefined();
    expect(loopbackRequestBase(req('127.0.0.1', 'example.com'), undefined)).toBeUndefined();
    expect(loopbackRequestBase(req('127.0.0.1', 'user@localhost'), undefined)).toBeUndefined();
    expect(loopbackRequestBase(req('127.0.0.1', 'localhost/evil'), undefined)).toBeUndefined();
  });
});
