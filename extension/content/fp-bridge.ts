/**
 * The isolated-world half of the fingerprint detector (document_start, every frame): binds to the
 * detector's private channel (fp-channel.ts), validates each batch with the shared valibot schema
 * (extension/fp-report.ts) and forwards it to the background as `ledger.fingerprintObserved`.
 * Nothing here says which site the batch is about: the background takes that from `sender`.
 * Frames without an http(s) URL of their own (about:blank, about:srcdoc, blob:) relay their batches
 * to the parent frame's bridge over a channel page scripts cannot use (fp-channel.ts,
 * listenForRelays): the router only accepts content messages from
 * http(s) frames, and such frames are often removed right after use (FingerprintJS probes fonts in
 * a srcdoc iframe it deletes at once).
 */
import { createBatchForwarder, type FingerprintBatch } from '../fp-report';
import type { RequestOf } from '../messages';
import { listenForDetector, listenForRelays, openRelayToParent } from './fp-channel';
import { runtimeSend } from './runtime-send';

function send(batch: FingerprintBatch): void {
  const request: RequestOf<'ledger.fingerprintObserved'> = { type: 'ledger.fingerprintObserved', batch };
  // The page may be unloading (pagehide flush) or the extension reloading: losing a batch is fine.
  // Called synchronously (no polyfill, no dynamic import): a frame removed right after use delivers
  // its pagehide batch from inside the removal, before any later microtask could run.
  runtimeSend()(request).catch(() => undefined);
}

const relay = /^https?:$/.test(location.protocol) ? null : openRelayToParent(window);
const forward = createBatchForwarder(relay === null ? send : (batch) => void relay(JSON.stringify(batch)));
listenForDetector(window, forward);
listenForRelays(window, forward);
