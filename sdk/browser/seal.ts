/**
 * Browser half of sealing: `tf.seal({ nonce })` and `tf.attach(form, { nonce })`. Collection goes
 * through the SDK's own consent-gated `collect()`, so sealing can never bypass consent; the sealed
 * string format is documented in sdk/protocol/seal.ts.
 */
import { TwofoldError } from '../protocol/errors';
import type { SignalReport } from '../protocol/report';

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
  /** Seals a report to the key (on pages, the collector's `sealReport`, see collector.ts). */
  sealReport: (report: SignalReport, options: BrowserSealOptions) => Promise<string>;
}

/** What the SDK hands the collector to seal a report: the key as the site gave it to init(). */
export interface BrowserSealOptions {
  publicKey: string | JsonWebKey;
  nonce: string;
  site: string;
  origin: string;
}

/** `tf.seal`: collects (consent-gated) and seals to the site key, bound to the nonce. */
export type Sealer = (options: { nonce: NonceSource }) => Promise<string>;

/** Builds `tf.seal` for one SDK instance. */
export function createSealer(options: SealerOptions): Sealer {
  return async ({ nonce }) => {
    if (!options.publicKey) {
      throw new TwofoldError(
        'missing_public_key',
        'tf.seal() needs the site public key: pass `publicKey` to Twofold.init (from generateSiteKeys() or /.well-known/twofold.json).',
      );
    }
    const report = await options.collect();
    const resolved = typeof nonce === 'function' ? await nonce() : nonce;
    return options.sealReport(report, { publicKey: options.publicKey, nonce: resolved, site: options.site, origin: options.origin ?? location.origin });
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
