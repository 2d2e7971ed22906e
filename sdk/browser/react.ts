/**
 * `useTwofold` for React 18 and 19 (react is a peer dependency, never bundled): the visitor's
 * consent state as React state, the consent actions, and a ref callback that attaches the sealed
 * report to a form. Built as dist/sdk/twofold-react.mjs, which imports the loader (twofold.mjs) so
 * the page keeps one SDK. The instance is created in an effect, so rendering on the server
 * (Next.js) reads and creates nothing; nothing is collected until the visitor consents.
 *
 *   const { state, grant, deny, formRef } = useTwofold({ site: 'shop.example', consent: 'manual', publicKey }, { nonce: fetchNonce });
 *   <form ref={formRef} method="post" action="/login">…</form>
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConsentReceipt } from '../protocol/receipt';
import type { ConsentState } from './consent/controller';
import { instanceFor, isInstance, resolveNonce, type TwofoldSource } from './framework-instance';
import type { NonceSource } from './seal';
import type { TwofoldInstance } from './sdk';

/** Options of the hook: where `formRef`'s form gets its nonce at submit time. */
export interface UseTwofoldOptions {
  /** A nonce, or a function fetching a fresh one (e.g. from `GET /twofold/nonce`); needed only for `formRef`. */
  nonce?: NonceSource;
}

/** What `useTwofold` returns. */
export interface UseTwofold {
  /** The SDK instance; null during server rendering and the first client render. */
  tf: TwofoldInstance | null;
  /** `pending` until the instance exists and the visitor answers. */
  state: ConsentState;
  receipt: ConsentReceipt | null;
  /** The consent actions (tf.consent's); no-ops until the instance exists (after the first client render). */
  grant(): void;
  deny(): void;
  revoke(): Promise<void>;
  /** Ref callback for a <form>: on submit it carries the sealed report (`twofold_sealed`, or `twofold_error`). */
  formRef: (form: HTMLFormElement | null) => void;
}

const noInstance = () => () => {};

/** Consent state, consent actions and form attachment for a Twofold instance (or the page's instance for these init options). */
export function useTwofold(source: TwofoldSource, options: UseTwofoldOptions = {}): UseTwofold {
  const [tf, setTf] = useState<TwofoldInstance | null>(null);
  // Options are plain data: compare by content, so an object literal per render is no new instance.
  const sourceKey = isInstance(source) ? source : JSON.stringify(source);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `source` is compared by content through sourceKey.
  useEffect(() => setTf(instanceFor(source)), [sourceKey]);

  const subscribe = useCallback((onChange: () => void) => (tf ? tf.consent.onChange(onChange) : noInstance()), [tf]);
  const state = useSyncExternalStore(
    subscribe,
    () => tf?.consent.state ?? 'pending',
    () => 'pending' as const,
  );
  const receipt = tf?.consent.receipt ?? null;

  // The latest nonce source, read at submit time (a new function per render must not re-attach).
  const nonce = useRef(options.nonce);
  nonce.current = options.nonce;
  // The form element as state: attaching waits for both the form and the instance.
  const [form, formRef] = useState<HTMLFormElement | null>(null);
  useEffect(() => {
    if (!tf || !form) return;
    return tf.attach(form, { nonce: () => resolveNonce(nonce.current) });
  }, [tf, form]);

  return {
    tf,
    state,
    receipt,
    grant: () => tf?.consent.grant(),
    deny: () => tf?.consent.deny(),
    revoke: async () => tf?.consent.revoke(),
    formRef,
  };
}
