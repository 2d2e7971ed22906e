/**
 * Observation wrappers that leave page behaviour unchanged. Each wrapped method or accessor is a
 * Proxy of the original, so `this`, arguments, return values, thrown errors, `name`, `length`,
 * `prototype` and property attributes are the original's; Function.prototype.toString is itself
 * wrapped so every wrapper (and toString) still prints as `function x() { [native code] }`.
 * Observers run inside try/catch BEFORE (or, for `after`, right after) the original call: they can
 * never throw into the page, and the original's own exceptions propagate untouched.
 * Known, accepted differences: a wrapper adds one frame to the stacks of errors thrown by the
 * original, and a toString borrowed from another realm the detector did not run in prints the
 * wrapper without its name (V8 prints proxies as `function () { [native code] }`).
 */

/** Runs before the original with its `this` and arguments. */
export type BeforeObserver = (thisArg: unknown, args: unknown[]) => void;
/** Runs after the original returned, with its result. */
export type AfterObserver = (thisArg: unknown, args: unknown[], result: unknown) => void;

/** Installs observation wrappers on prototypes. */
export interface Wrapper {
  /** Wraps method `name` of `proto`; false when it does not exist there. */
  method(proto: object | undefined, name: string, observe: { before?: BeforeObserver; after?: AfterObserver }): boolean;
  /** Wraps the getter or setter of accessor `name` of `proto`; false when absent. */
  accessor(proto: object | undefined, name: string, which: 'get' | 'set', before: BeforeObserver): boolean;
  /** True when `fn` is one of this wrapper's proxies. */
  isWrapped(fn: unknown): boolean;
}

/** Creates a wrapper for the realm whose Function.prototype is `functionPrototype`. */
export function createWrapper(functionPrototype: { toString: unknown }): Wrapper {
  const apply = Reflect.apply;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const define = Object.defineProperty;
  const originals = new WeakMap<object, object>();

  const proxyOf = <F extends object>(target: F, trap: (target: F, thisArg: unknown, args: unknown[]) => unknown): F => {
    const proxy = new Proxy(target, { apply: trap as ProxyHandler<F>['apply'] });
    originals.set(proxy, target);
    return proxy;
  };

  // Function.prototype.toString: print wrappers as their originals.
  const toStringDesc = getDescriptor(functionPrototype, 'toString');
  if (toStringDesc && typeof toStringDesc.value === 'function') {
    const toStringProxy = proxyOf(toStringDesc.value as (...a: unknown[]) => unknown, (target, thisArg, args) => {
      const original = typeof thisArg === 'function' ? originals.get(thisArg) : undefined;
      return apply(target, original ?? thisArg, args);
    });
    define(functionPrototype, 'toString', { ...toStringDesc, value: toStringProxy });
  }

  const wrapFunction = (fn: (...a: unknown[]) => unknown, observe: { before?: BeforeObserver; after?: AfterObserver }) => {
    const { before, after } = observe;
    return proxyOf(fn, (target, thisArg, args) => {
      if (before) {
        try {
          before(thisArg, args);
        } catch {
          // Observation must never change what the page sees.
        }
      }
      const result = apply(target, thisArg, args);
      if (after) {
        try {
          after(thisArg, args, result);
        } catch {
          // As above.
        }
      }
      return result;
    });
  };

  return {
    method(proto, name, observe) {
      if (!proto) return false;
      const desc = getDescriptor(proto, name);
      if (!desc || typeof desc.value !== 'function' || originals.has(desc.value as object)) return false;
      define(proto, name, { ...desc, value: wrapFunction(desc.value as (...a: unknown[]) => unknown, observe) });
      return true;
    },
    accessor(proto, name, which, before) {
      if (!proto) return false;
      const desc = getDescriptor(proto, name);
      const fn = desc?.[which];
      if (!desc || typeof fn !== 'function' || originals.has(fn)) return false;
      define(proto, name, { ...desc, [which]: wrapFunction(fn as (...a: unknown[]) => unknown, { before }) });
      return true;
    },
    isWrapped: (fn) => typeof fn === 'function' && originals.has(fn),
  };
}
