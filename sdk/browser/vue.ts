/**
 * `useTwofold` for Vue 3 (vue is a peer dependency, never bundled): the visitor's consent state as a
 * ref, the consent actions, and a template ref that attaches the sealed report to a form. Built as
 * dist/sdk/twofold-vue.mjs, which imports the loader (twofold.mjs) so the page keeps one SDK. The
 * instance is created on mount, so server rendering (Nuxt) reads and creates nothing; nothing is
 * collected until the visitor consents. Call it from setup():
 *
 *   const { state, grant, deny, formRef } = useTwofold({ site: 'shop.example', consent: 'manual', publicKey }, { nonce: fetchNonce });
 *   // template: <form ref="formRef" method="post" action="/login">…</form>
 */
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { ConsentReceipt } from '../protocol/receipt';
import type { ConsentState } from './consent/controller';
import { instanceFor, resolveNonce, type TwofoldSource } from './framework-instance';
import type { NonceSource } from './seal';
import type { TwofoldInstance } from './sdk';

/** Options of the composable: where `formRef`'s form gets its nonce at submit time. */
export interface UseTwofoldOptions {
  /** A nonce, or a function fetching a fresh one (e.g. from `GET /twofold/nonce`); needed only for `formRef`. */
  nonce?: NonceSource;
}

/** What `useTwofold` returns. */
export interface UseTwofold {
  /** The SDK instance; null until mounted (and on the server). */
  tf: Readonly<ShallowRef<TwofoldInstance | null>>;
  /** `pending` until mounted and the visitor answers. */
  state: Readonly<Ref<ConsentState>>;
  receipt: Readonly<ShallowRef<ConsentReceipt | null>>;
  /** The consent actions (tf.consent's); no-ops until mounted. */
  grant(): void;
  deny(): void;
  revoke(): Promise<void>;
  /** Template ref for a <form>: on submit it carries the sealed report (`twofold_sealed`, or `twofold_error`). */
  formRef: Ref<HTMLFormElement | null>;
}

/** Consent state, consent actions and form attachment for a Twofold instance (or the page's instance for these init options). */
export function useTwofold(source: TwofoldSource, options: UseTwofoldOptions = {}): UseTwofold {
  const tf = shallowRef<TwofoldInstance | null>(null);
  const state = ref<ConsentState>('pending');
  const receipt = shallowRef<ConsentReceipt | null>(null);
  const formRef = ref<HTMLFormElement | null>(null);
  let stopListening = () => {};

  onMounted(() => {
    const instance = instanceFor(source);
    const sync = () => {
      state.value = instance.consent.state;
      receipt.value = instance.consent.receipt;
    };
    sync();
    stopListening = instance.consent.onChange(sync);
    tf.value = instance;
  });
  onBeforeUnmount(() => stopListening());
  // Attached while both the form and the instance exist; detached when either goes (or on unmount).
  watch(
    [tf, formRef],
    ([instance, form], _old, onCleanup) => {
      if (instance && form) onCleanup(instance.attach(form, { nonce: () => resolveNonce(options.nonce) }));
    },
    { flush: 'post' },
  );

  return {
    // Read-only by type; not wrapped in readonly(), which would proxy the instance and receipt deeply.
    tf,
    state,
    receipt,
    grant: () => tf.value?.consent.grant(),
    deny: () => tf.value?.consent.deny(),
    revoke: async () => tf.value?.consent.revoke(),
    formRef,
  };
}
