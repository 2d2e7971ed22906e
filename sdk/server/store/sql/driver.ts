import { TwofoldError } from '../../../protocol/errors';

/**
 * Loads a database driver on first use. better-sqlite3 and pg are optional peer dependencies of the
 * package (a site installs the one its store uses; better-sqlite3 alone is ~11 MB and ~35 packages),
 * so neither is imported before a store of its kind is opened, and a missing one is named.
 */
export async function loadDriver<T>(name: 'better-sqlite3' | 'pg', store: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause;
    throw new TwofoldError('store_driver_missing', `The ${store} store needs the ${name} package: run \`npm install ${name}\`.`, { cause, status: 500 });
  }
}
