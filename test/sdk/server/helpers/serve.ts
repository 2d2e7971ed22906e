// Serves a Twofold handler on 127.0.0.1 with an ephemeral port, for the HTTP tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TwofoldHandler } from '../../../../sdk/server/http/index';

/** A handler listening on loopback: its base URL, and a close that stops the server and the handler's timer. */
export interface ServedHandler {
  base: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1:<ephemeral port>. */
export async function serveHandler(handler: TwofoldHandler): Promise<ServedHandler> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async close() {
      handler.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
