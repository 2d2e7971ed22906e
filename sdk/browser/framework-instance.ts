/**
 * The one SDK instance per configuration that the React hook and the Vue composable share. A
 * component may mount twice (React StrictMode runs effects twice in development), several
 * components may ask for the same site, and init() shows a banner and listens for the extension:
 * so the instance is created once per page for equal options and reused, never created on render
 * (which also runs on the server, where there is no page).
 */
// From the public boundary: the build makes this the sibling twofold.mjs (build-sdk.mjs), so the
// bindings share the page's one loader (its consent state, its collector load, its error classes).
import { init, type InitOptions, type TwofoldInstance, ValidationError } from './index';
import type { NonceSource } from './seal';

const instances = new Map<string, TwofoldInstance>();

/** What the hook and composable take: init options, or an instance the site created itself. */
export type TwofoldSource = InitOptions | TwofoldInstance;

/** True for an SDK instance (what init() returned), false for init options. */
export function isInstance(source: TwofoldSource): source is TwofoldInstance {
  return typeof (source as Partial<TwofoldInstance>).collect === 'function';
}

/** The instance for `source`: itself, or the page's instance for these options (created on first use, in the browser only). */
export function instanceFor(source: TwofoldSource): TwofoldInstance {
  if (isInstance(source)) return source;
  const key = JSON.stringify(source);
  let instance = instances.get(key);
  if (!instance) {
    instance = init(source);
    instances.set(key, instance);
  }
  return instance;
}

/** The nonce for one submission of an attached form; without one the form goes out with `twofold_error=invalid_input`. */
export async function resolveNonce(source: NonceSource | undefined): Promise<string> {
  if (source === undefined) throw new ValidationError('useTwofold options', ['nonce: expected a nonce or a function returning one, to attach a form']);
  return typeof source === 'function' ? source() : source;
}
