// Who may ask for an assessment: the site's server with the API key (full reasons), or the browser
// of a session the site vouches for through resolveUser (the decision only, the user from the
// session, never from the body); anyone else 401, a session without a user 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableGeo } from '../../../../sdk/server/geo';
import { createTwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { serveHandler, type ServedHandler } from '../helpers/serve';

describe('POST /twofold/assess callers', () => {
  let served: ServedHandler;
  let closed: ServedHandler;
  const store = createMemoryStore();
  const seen: string[] = [];
  const post = async (target: ServedHandler, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${target.base}/twofold/assess`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    const keys = await generateSiteKeys();
    served = await serveHandler(
      createTwofoldHandler({
        site: 'example.com',
        store,
        keys,
        apiKey: 'site-key',
        purgeIntervalMs: 0,
        geo: createTableGeo({}),
        // The site's own session: a cookie naming who passed the password (a stand-in for a real session store).
        resolveUser: (req) => {
          const user = /(?:^|;\s*)session=([a-z]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
          if (user) seen.push(user);
          return user;
        },
      }),
    );
    closed = await serveHandler(createTwofoldHandler({ site: 'example.com', store, keys, purgeIntervalMs: 0 }));
    await store.recordLogin({
      id: 'l1',
      userId: 'ann',
      time: Date.now() - 1000,
      ip: '127.0.0.1',
      outcome: 'success',
      features: [{ feature: 'ip', value: '127.0.0.1' }],
    });
  });

  afterAll(async () => {
    await served.close();
    await closed.close();
  });

  it("the site's server gets the decision, score and reasons for any userId", async () => {
    const answer = await post(served, { userId: 'ann' }, { authorization: 'Bearer site-key' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(expect.arrayContaining(['decision', 'score', 'reasons']));
  });

  it("the browser of a signed-in session gets the decision only, for the session's user whatever the body says", async () => {
    const answer = await post(served, { userId: 'zed' }, { cookie: 'session=ann' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ decision: expect.stringMatching(/^(allow|challenge|deny)$/) });
    expect(seen.at(-1)).toBe('ann');
    const server = await post(served, { userId: 'ann' }, { authorization: 'Bearer site-key' });
    expect(answer.json['decision']).toBe(server.json['decision']);
  });

  it('a session without a user is 403; no session and no key is 401; a wrong key is 401 even with a session', async () => {
    expect(await post(served, { userId: 'ann' })).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(await post(served, { userId: 'ann' }, { authorization: 'Bearer wrong', cookie: 'session=ann' })).toMatchObject({
      status: 401,
      json: { error: { code: 'unauthorized' } },
    });
  });

  it('a handler with neither an API key nor resolveUser answers every assess 401, saying how to open it', async () => {
    const answer = await post(closed, { userId: 'ann' });
    expect(answer.status).toBe(401);
    expect(answer.json['error']['message']).toMatch(/configure `apiKey`.*or `resolveUser`/);
    expect(Object.keys(answer.json)).toEqual(['error']);
  });
});
