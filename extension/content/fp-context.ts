/**
 * What every hook module gets from the detector: the wrapper, the page's global, attribution and
 * recording, and helpers to call original getters captured before any page script ran.
 */
import type { FingerprintApi, FingerprintKind } from './fp-kinds';
import type { Wrapper } from './fp-wrap';

/** A page global seen loosely: constructors may be missing in some browsers. */
export type PageGlobal = Record<string, unknown>;

/** Shared services for the hook modules. */
export interface DetectorContext {
  wrap: Wrapper;
  global: PageGlobal;
  /** The calling script's origin (from a fresh stack trace), or the page's own origin. */
  attribute(): string;
  /** Records one detection for `origin`. */
  record(kind: FingerprintKind, api: FingerprintApi, origin: string): void;
  now(): number;
  /**
   * Registers `install` to run once for each WebGL context prototype, when the page first gets a
   * WebGL context (before getContext returns it). Touching WebGLRenderingContext/WebGL2… eagerly
   * would instantiate those large interfaces on every page (2–4 ms in Chromium); most pages never
   * use WebGL. Accepted gap: a method reference taken from the prototype before any getContext.
   */
  onWebGLPrototype(install: (proto: object) => void): void;
}

/** `global[name].prototype` when `global[name]` is a constructor, else undefined. */
export function protoOf(global: PageGlobal, name: string): object | undefined {
  const ctor = global[name];
  if (typeof ctor !== 'function') return undefined;
  const proto = (ctor as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null ? proto : undefined;
}

/** The original getter of accessor `name` found on `proto` or its prototype chain, bound for calls. */
export function originalGetter(proto: object | undefined, name: string): ((self: unknown) => unknown) | undefined {
  const apply = Reflect.apply;
  for (let p: object | null | undefined = proto; p; p = Object.getPrototypeOf(p) as object | null) {
    const get = Object.getOwnPropertyDescriptor(p, name)?.get;
    if (typeof get === 'function') return (self) => apply(get, self, []);
  }
  return undefined;
}

/** A number from an argument without calling page code (objects are not coerced). */
export function plainNumber(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
