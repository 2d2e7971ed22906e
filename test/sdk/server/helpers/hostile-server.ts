// A Twofold handler in its own Node process, for the fuzz's crash check: the test bundles this file
// with esbuild, starts it, and attacks it over loopback. Keys come in TWOFOLD_FUZZ_KEYS (JSON), the
// SQLite path in TWOFOLD_FUZZ_DB. Prints `{"port":…}` once listening. Any unexpected error is
// written to stderr and an unhandled one ends the process, so the test sees both.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwofoldHandler } from '../../../../sdk/server/http/index';
import type { SiteKeys } from '../../../../sdk/server/seal';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import { hostileHandlerOptions } from './hostile-run';

for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (error) => {
    process.stderr.write(`${event}: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(70);
  });
}

const keys = JSON.parse(process.env['TWOFOLD_FUZZ_KEYS'] ?? '') as SiteKeys;
const store = await createSqliteStore(process.env['TWOFOLD_FUZZ_DB'] ?? ':memory:');
const handler = createTwofoldHandler(
  hostileHandlerOptions(store, keys, (error) => {
    process.stderr.write(`onError: ${error instanceof Error ? error.stack : String(error)}\n`);
  }),
);
const server = createServer((req, res) => void handler(req, res));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, pid: process.pid })}\n`);
});
process.on('SIGTERM', () => {
  handler.close();
  server.closeAllConnections();
  server.close(() => void store.close().then(() => process.exit(0)));
});
