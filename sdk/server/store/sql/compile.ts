/**
 * Queries are written once with Kysely's builder and compiled per dialect; hot queries are compiled
 * once into templates whose arguments are bound at run time. A template is built with `arg(i)`
 * placeholders (sentinel values); compiling records which SQL parameter is which argument.
 */
import {
  DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector,
  SqliteQueryCompiler, type Compilable,
} from 'kysely';
import type { TwofoldDatabase } from './schema';

/** The SQL dialects the stores speak. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A Kysely instance that only compiles (never connects) for `dialect`. */
export function compilerFor(dialect: SqlDialect): Kysely<TwofoldDatabase> {
  return new Kysely<TwofoldDatabase>({
    dialect: dialect === 'sqlite'
      ? { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() }
      : { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  });
}

/** A placeholder for argument `i`, typed as whatever the builder expects there. */
export type Arg = <T = string>(i: number) => T;

type Slot = { arg: number } | { value: unknown };

/** A compiled query with argument slots. */
export interface Template {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

/** Compiles `build` once into a template. */
export function template(build: (arg: Arg) => Compilable): Template {
  const marks = new Map<string, number>();
  const arg: Arg = <T,>(i: number) => {
    const mark = `\u0001twofold-arg-${i}\u0001`;
    marks.set(mark, i);
    return mark as T;
  };
  const { sql, parameters } = build(arg).compile();
  const slots = parameters.map((p): Slot => (typeof p === 'string' && marks.has(p) ? { arg: marks.get(p)! } : { value: p }));
  return { sql, slots };
}

/** The parameter list of `t` for `args`. */
export function bind(t: Template, args: readonly unknown[]): unknown[] {
  return t.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
}

/** Templates that depend on a list length (e.g. IN lists), compiled on first use per length. */
export function perLength(build: (n: number) => Template): (n: number) => Template {
  const cache = new Map<number, Template>();
  return (n) => {
    let t = cache.get(n);
    if (!t) {
      t = build(n);
      if (cache.size < 256) cache.set(n, t);
    }
    return t;
  };
}

/** The compiled SQL and parameters of a one-off query (rare operations: export, erase, purge). */
export function once(query: Compilable): { sql: string; params: readonly unknown[] } {
  const { sql, parameters } = query.compile();
  return { sql, params: parameters };
}
