/**
 * Queries are written once with Kysely's builder and compiled per dialect; hot queries are compiled
 * once into templates whose arguments are bound at run time. A template is built with `arg(name)`
 * placeholders (sentinel values); compiling records which SQL parameter is which named argument.
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

/**
 * An argument's name. Names, not positions: a query that gains a column or a condition cannot shift
 * which value binds where. (Numbers remain for the few one-argument-list queries written that way.)
 */
export type ArgName = string | number;

/** A placeholder for the argument called `name`, typed as whatever the builder expects there. */
export type Arg<N extends ArgName = ArgName> = <T = string>(name: N) => T;

type Slot<N extends ArgName> = { arg: N } | { value: unknown };

/** A compiled query with named argument slots. */
export interface Template<N extends ArgName = ArgName> {
  readonly sql: string;
  readonly slots: readonly Slot<N>[];
}

/** The arguments of a template, by name. */
export type Args<N extends ArgName> = { readonly [K in N]: unknown };

/** Compiles `build` once into a template. */
export function template<N extends ArgName = number>(build: (arg: Arg<N>) => Compilable): Template<N> {
  const marks = new Map<string, N>();
  const arg: Arg<N> = <T,>(name: N) => {
    const mark = `\u0001twofold-arg-${String(name)}\u0001`;
    marks.set(mark, name);
    return mark as T;
  };
  const { sql, parameters } = build(arg).compile();
  const slots = parameters.map((p): Slot<N> => (typeof p === 'string' && marks.has(p) ? { arg: marks.get(p)! } : { value: p }));
  return { sql, slots };
}

/** The parameter list of `t` for `args`; a missing argument (undefined) throws instead of binding NULL silently. */
export function bind<N extends ArgName>(t: Template<N>, args: Args<N>): unknown[] {
  return t.slots.map((slot) => {
    if (!('arg' in slot)) return slot.value;
    const value = args[slot.arg];
    if (value === undefined) throw new Error(`SQL argument "${String(slot.arg)}" is missing (pass null for NULL)`);
    return value;
  });
}

/** The name of column `name` of row `i` in a multi-row template (see `perRow`). */
export const rowArg = (name: string, i: number): string => `${name}.${i}`;

/** The arguments of a multi-row template: every field of row i under `rowArg(field, i)`. */
export function perRow(rows: readonly object[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const [name, value] of Object.entries(row)) args[rowArg(name, i)] = value;
  });
  return args;
}

/** Templates that depend on a list length (e.g. IN lists), compiled on first use per length. */
export function perLength<N extends ArgName>(build: (n: number) => Template<N>): (n: number) => Template<N> {
  const cache = new Map<number, Template<N>>();
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
