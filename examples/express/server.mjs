// Twofold in an Express app, mounted under a prefix: `app.use('/auth', twofold)` with the public
// path as `basePath` (Express strips '/auth' from req.url; the handler reads req.originalUrl).
//   TWOFOLD_API_KEY=… node server.mjs     (PORT, TWOFOLD_STORE = sqlite file or postgres:// URL)
import express from 'express';
import { createTwofoldHandler, generateSiteKeys, openStore } from 'twofold/server';

const apiKey = process.env.TWOFOLD_API_KEY;
if (!apiKey) throw new Error('Set TWOFOLD_API_KEY: the secret your login code sends to /auth/twofold/assess and /record.');

// Your user table; here one account with a TOTP secret (base32), as your enrolment stored it.
const users = new Map([['ada', { totpSecret: process.env.EXAMPLE_TOTP_SECRET ?? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }]]);

const store = await openStore(process.env.TWOFOLD_STORE ?? 'twofold.sqlite');
const twofold = createTwofoldHandler({
  site: 'example.com',
  store,
  keys: await generateSiteKeys(), // persist these in production: the SDK on your pages seals to the public key
  apiKey,
  basePath: '/auth/twofold',
  totpSecretOf: async (userId) => users.get(userId)?.totpSecret,
});

const app = express();
app.use('/auth', twofold); // GET /auth/twofold/nonce, POST /auth/twofold/assess, …
app.get('/', (_req, res) => res.send('Your site; Twofold answers under /auth/twofold/.'));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  twofold.close();
  server.close(() => store.close());
});
