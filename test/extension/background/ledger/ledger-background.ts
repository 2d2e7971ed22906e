// The background with the ledger's handlers on fresh fake-indexeddb stores, through the real
// router (shared by the ledger handler tests): `raw` routes any message, `send` unwraps a reply.
import { fingerprintLedgerHandlers, openFingerprintLedger } from '../../../../extension/background/fingerprint-ledger';
import { ledgerHandlers, openLedgerStore, type LedgerIo } from '../../../../extension/background/ledger';
import { routeMessage, type HandlerMap, type SenderInfo } from '../../../../extension/background/router';
import type { MessageType, Reply, RequestOf, ResponseOf } from '../../../../extension/messages';
import { makeBackground, POPUP, SELF } from '../background-twin';
import { nodeFetch } from './site-twin';

let n = 0;

/** A background whose ledger stores are named `${prefix}-…`; `fetch` and `now` default to the real ones. */
export function ledgerBackground(options: { prefix: string; fetch?: LedgerIo['fetch']; now?: () => number }) {
  const bg = makeBackground({ now: options.now });
  const id = `${Date.now()}-${++n}`;
  const io: LedgerIo = {
    store: openLedgerStore(`${options.prefix}-test-${id}`),
    fingerprints: openFingerprintLedger(`${options.prefix}-fp-${id}`),
    fetch: options.fetch ?? nodeFetch,
  };
  const handlers: HandlerMap = { ...bg.handlers, ...fingerprintLedgerHandlers(bg.deps, io.fingerprints), ...ledgerHandlers(bg.deps, io) };
  const raw = (message: unknown, sender: SenderInfo = POPUP) => routeMessage(handlers, message, sender, SELF);
  async function send<T extends MessageType>(request: RequestOf<T>, sender: SenderInfo = POPUP): Promise<ResponseOf<T>> {
    const reply = (await raw(request, sender)) as Reply<T> | undefined;
    if (!reply) throw new Error('dropped');
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.result;
  }
  return { ...bg, io, raw, send };
}
