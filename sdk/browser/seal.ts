/**
 * Browser half of sealing: `tf.seal({ nonce })` and `tf.attach(form, { nonce })`. Collection goes
 * through the SDK's own consent-gated `collect()`, so sealing can never bypass consent; the sealed
 * string format is documented in sdk/protocol/seal.ts.
 */
import { TwofoldError } from '../protocol/errors';
import type { SignalReport } from '../protocol/report';
import type { SealOptions } from '../protocol/seal-envelope';
import { fromBase64Url, toBase64Url } from '../protocol/seal-envelope';

/** Name of the hidden form field carrying the sealed report. */
export const SEALED_FIELD = 'twofold_sealed';
/** Name of the hidden form field carrying the error code when sealing failed (e.g. `consent_required`). */
export const SEAL_ERROR_FIELD = 'twofold_error';

/** A nonce, or a function fetching a fresh one (e.g. from `GET /twofold/nonce`) at submit time. */
export type NonceSource = string | (() => Promise<string>);

/** What `createSealer` needs from the SDK instance. */
export interface SealerOptions {
  site: string;
  /** The site's HPKE public key (base64url raw point, or a P-256 public JWK), from `Twofold.init({ publicKey })`. */
  publicKey: string | JsonWebKey | undefined;
  /** The SDK's consent-gated collect(); rejects with ConsentRequiredError unless granted. */
  collect: () => Promise<SignalReport>;
  /** The page origin the report is bound to; defaults to `location.origin`. */
  origin?: string;
  /** Seals a report (sdk/protocol/seal-envelope.ts `sealReport`; on pages, the collector's copy). */
  sealReport: (report: SignalReport, options: SealOptions) => Promise<string>;
}

/** `tf.seal`: collects (consent-gated) and seals to the site key, bound to the nonce. */
export type Sealer = (options: { nonce: NonceSource }) => Promise<string>;

/** A P-256 public JWK as the base64url raw point sealReport takes; strings pass through. */
export function rawPublicKey(key: string | JsonWebKey): string {
  if (typeof key === 'string') return key;
  const x = key.x ? fromBase64Url(key.x) : undefined;
  const y = key.y ? fromBase64Url(key.y) : undefined;
  if (key.kty !== 'EC' || key.crv !== 'P-256' || x?.length !== 32 || y?.length !== 32) {
    throw new TwofoldError('seal_bad_key', 'Twofold.init `publicKey` must be the base64url key from /.well-known/twofold.json or a P-256 public JWK.');
  }
  const raw = new Uint8Array(65);
  raw[0] = 4;
  raw.set(x, 1);
  raw.set(y, 33);
  return toBase64Url(raw);
}

/** Builds `tf.seal` for one SDK instance. */
export function createSealer(options: SealerOptions): Sealer {
  return async ({ nonce }) => {
    if (!options.publicKey) {
      throw new TwofoldError('missing_public_key', 'tf.seal() needs the site public key: pass `publicKey` to Twofold.init (from generateSiteKeys() or /.well-known/twofold.json).');
    }
    const report = await options.collect();
    const resolved = typeof nonce === 'function' ? await nonce() : nonce;
    return options.sealReport(report, { publicKey: rawPublicKey(options.publicKey), nonce: resolved, site: options.site, origin: options.origin ?? location.origin });
  };
}

function setHidden(form: HTMLFormElement, name: string, value: string): void {
  let input = form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${name}"]`);
  if (!input) {
    input = form.ownerDocument.createElement('input');
    input.type = 'hidden';
    input.name = name;
    form.appendChild(input);
  }
  input.value = value;
}

/**
 * `tf.attach`: on submit, seals a fresh report and adds it as the hidden field `twofold_sealed`, then
 * submits. When sealing fails (no consent, no key) the form is still submitted, with the error code
 * in `twofold_error`, so the site's policy decides. Returns a function that detaches the listener.
 */
export function attachToForm(form: HTMLFormElement, getSealed: () => Promise<string>): () => void {
  let sealing = false;
  const onSubmit = (event: SubmitEvent): void => {
    if (sealing) return;
    // Hold the submission (and hide it from listeners added later) until the field is in place.
    event.preventDefault();
    event.stopImmediatePropagation();
    sealing = true;
    const submitter = event.submitter as HTMLButtonElement | HTMLInputElement | null;
    getSealed()
      .then(
        (sealed) => {
          setHidden(form, SEALED_FIELD, sealed);
          form.querySelector(`input[type="hidden"][name="${SEAL_ERROR_FIELD}"]`)?.remove();
        },
        (error: unknown) => setHidden(form, SEAL_ERROR_FIELD, error instanceof TwofoldError ? error.code : 'seal_failed'),
      )
      // A macrotask, not a microtask: while the original submit event is still being dispatched the
      // form's "firing submission events" flag is set and Chromium ignores requestSubmit (seen when
      // sealing fails at once, e.g. consent denied).
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
      .then(() => {
        // The resubmission drops the clicked button's name/value; keep it for servers that read it.
        if (submitter?.name) setHidden(form, submitter.name, submitter.value);
        // requestSubmit re-runs validation and fires `submit` again (let through by `sealing`), so
        // other listeners (e.g. a fetch-based login) still see the event with the field in place.
        form.requestSubmit();
      })
      .finally(() => {
        sealing = false;
      });
  };
  form.addEventListener('submit', onSubmit);
  return () => form.removeEventListener('submit', onSubmit);
}
