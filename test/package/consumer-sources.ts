// The files of a small site that installed the packed package: strict TypeScript, Node16-style
// ESM resolution, library declarations checked too (skipLibCheck off), so a declaration that does
// not resolve or a public type that decays to `any` fails the compile.

/** tsconfig.json of the consumer. */
export const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    outDir: 'out',
  },
  files: ['server.ts', 'browser.ts', 'frameworks.ts'],
};

/**
 * Server side: the node handler on node:http with a SQLite file, a nonce, a malformed request
 * (4xx JSON), the offline geo data, one error class across `twofold/server` and `twofold/protocol`,
 * and the error naming the missing pg driver.
 * Prints one JSON line of what it saw.
 */
export const CONSUMER_SERVER = `
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOfflineGeo, createTwofoldHandler, generateSiteKeys, openStore, TwofoldError, type GeoInfo, type TwofoldHandler } from 'twofold/server';
import { TwofoldError as ProtocolError } from 'twofold/protocol';

const store = await openStore(\`sqlite:\${process.argv[2] ?? 'consumer.sqlite'}\`);
const handler: TwofoldHandler = createTwofoldHandler({ site: 'example.com', store, keys: await generateSiteKeys(), apiKey: 'site-secret', purgeIntervalMs: 0 });
const server = createServer((req, res) => void handler(req, res, () => res.writeHead(404).end()));
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const base = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;

const nonce = (await (await fetch(\`\${base}/twofold/nonce\`)).json()) as { nonce: string };
const malformed = await fetch(\`\${base}/twofold/assess\`, { method: 'POST', headers: { authorization: 'Bearer site-secret', 'content-type': 'application/json' }, body: '{' });
const error = (await malformed.json()) as { error: { code: string } };
const geo: GeoInfo | undefined = await createOfflineGeo()('8.8.8.8');
// Never called: checks that the options are typed (a missing site does not compile), not \`any\`.
export const missingSite = async () =>
  // @ts-expect-error the handler needs a site
  createTwofoldHandler({ store, keys: await generateSiteKeys() });

// pg is an optional peer this site did not install: opening a PostgreSQL store says what to install.
const withoutPg = await openStore('postgres://127.0.0.1:1/none').then(
  () => ['opened'],
  (error: unknown) => (error instanceof TwofoldError ? [error.code, error.message] : [String(error)]),
);

console.log(JSON.stringify({
  nonce: typeof nonce.nonce === 'string' && nonce.nonce.length > 0,
  malformed: [malformed.status, error.error.code],
  geo: [geo?.country, geo?.asn],
  oneErrorClass: new ProtocolError('invalid_input', 'y') instanceof TwofoldError,
  withoutPg,
}));
handler.close();
server.close();
await store.close();
`;

/** Browser side, type-checked only: init, consent state, collect's report type. */
export const CONSUMER_BROWSER = `
import { init, signals, type InitOptions, type SignalReport, type TwofoldInstance } from 'twofold';

const options: InitOptions = { site: 'example.com', consent: 'manual' };
export const tf: TwofoldInstance = init(options);
export const state: 'pending' | 'granted' | 'denied' = tf.consent.state;
export const report: Promise<SignalReport> = tf.collect();
export const signalIds: string[] = signals.map((signal) => signal.id);
// @ts-expect-error consent is one of the three modes
init({ site: 'example.com', consent: 'sometimes' });
`;

/** The React hook and the Vue composable, type-checked only (react, @types/react and vue installed beside). */
export const CONSUMER_FRAMEWORKS = `
import { useTwofold as useTwofoldReact, type UseTwofold } from 'twofold/react';
import { useTwofold as useTwofoldVue } from 'twofold/vue';

export function useLoginForm(): [UseTwofold['state'], (form: HTMLFormElement | null) => void] {
  const { state, formRef } = useTwofoldReact({ site: 'example.com', consent: 'manual' }, { nonce: async () => 'nonce' });
  return [state, formRef];
}
export function setup() {
  return useTwofoldVue({ site: 'example.com', consent: 'banner' }, { nonce: 'nonce' });
}
// Never called: a wrong consent mode does not compile.
export const wrongMode = () =>
  // @ts-expect-error consent is one of the three modes
  useTwofoldReact({ site: 'example.com', consent: 'never' });
`;
