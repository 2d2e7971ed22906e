// Twofold in a Fastify app: the node handler answers /twofold/* and /.well-known/twofold.json on
// the raw request and response. Fastify would otherwise parse (consume) JSON bodies first, so those
// routes live in their own plugin scope without body parsers; the rest of the app keeps Fastify's.
//   TWOFOLD_API_KEY=… node server.mjs     (PORT, TWOFOLD_STORE = sqlite file or postgres:// URL)
import Fastify from 'fastify';
import { createTwofoldHandler, generateSiteKeys, openStore } from 'twofold/server';

const apiKey = process.env.TWOFOLD_API_KEY;
if (!apiKey) throw new Error('Set TWOFOLD_API_KEY: the secret your login code sends to /twofold/assess and /record.');

// Your user table; here one account with a TOTP secret (base32), as your enrolment stored it.
const users = new Map([['ada', { totpSecret: process.env.EXAMPLE_TOTP_SECRET ?? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }]]);

const store = await openStore(process.env.TWOFOLD_STORE ?? 'twofold.sqlite');
const twofold = createTwofoldHandler({
  site: 'example.com',
  store,
  keys: await generateSiteKeys(), // persist these in production: the SDK on your pages seals to the public key
  apiKey,
  totpSecretOf: async (userId) => users.get(userId)?.totpSecret,
});

const app = Fastify();
await app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null)); // leave the body stream to Twofold
  const answer = async (request, reply) => {
    reply.hijack();
    await twofold(request.raw, reply.raw, () => reply.raw.writeHead(404).end());
  };
  scope.all('/twofold/*', answer);
  scope.get('/.well-known/twofold.json', answer);
});
app.get('/', async () => 'Your site; Twofold answers under /twofold/.');
app.addHook('onClose', async () => {
  twofold.close();
  await store.close();
});

const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`listening on ${address}`);
process.on('SIGTERM', () => void app.close());
