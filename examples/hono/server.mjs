// Twofold in a Hono app on Node (@hono/node-server): the fetch-style handler takes the web Request
// Hono has and returns a Response. A Request carries no socket, so the peer address is passed on
// for the per-client rate limits (behind a proxy set `trustProxy` instead).
//   TWOFOLD_API_KEY=… node server.mjs     (PORT, TWOFOLD_STORE = sqlite file or postgres:// URL)
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTwofoldFetchHandler, generateSiteKeys, openStore } from 'twofold/server';

const apiKey = process.env.TWOFOLD_API_KEY;
if (!apiKey) throw new Error('Set TWOFOLD_API_KEY: the secret your login code sends to /twofold/assess and /record.');

// Your user table; here one account with a TOTP secret (base32), as your enrolment stored it.
const users = new Map([['ada', { totpSecret: process.env.EXAMPLE_TOTP_SECRET ?? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }]]);

const store = await openStore(process.env.TWOFOLD_STORE ?? 'twofold.sqlite');
const twofold = createTwofoldFetchHandler({
  site: 'example.com',
  store,
  keys: await generateSiteKeys(), // persist these in production: the SDK on your pages seals to the public key
  apiKey,
  totpSecretOf: async (userId) => users.get(userId)?.totpSecret,
});

const app = new Hono();
const answer = (c) => twofold(c.req.raw, { clientAddress: c.env.incoming.socket.remoteAddress });
app.all('/twofold/*', answer);
app.get('/.well-known/twofold.json', answer);
app.get('/', (c) => c.text('Your site; Twofold answers under /twofold/.'));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) =>
  console.log(`listening on http://127.0.0.1:${info.port}`),
);
process.on('SIGTERM', () => {
  twofold.close();
  server.close(() => store.close());
});
