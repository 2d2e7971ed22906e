/**
 * Queries are written once with Kysely's builder and compiled per dialect; hot queries are compiled
 * once into templates whose arguments are bound at run time. A template is built with `arg(name)`
 * placeholders (sentinel values); compiling records which SQL parameter is which named argument.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type { TwofoldDatabase } from './schema';

/** The SQL dialects the stores speak. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A Kysely instance that only compiles (never connects) for `dialect`. */
export function compilerFor(dialect: SqlDialect): Kysely<TwofoldDatabase> {
  return new Kysely<TwofoldDatabase>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
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
  /** A SELECT's result columns by name (alias, or column name), to read its rows as tuples by name. */
  readonly columns: ReadonlyMap<string, number>;
}

/** The position of column `name` in `t`'s result rows; throws for a name the query does not select (a typo, not a NULL). */
export function columnIndex(t: Template, name: string): number {
  const index = t.columns.get(name);
  if (index === undefined) throw new Error(`The query selects no column "${name}"`);
  return index;
}

type NodeShape = { kind: string; [key: string]: unknown };

/** The result column names of a compiled SELECT (from Kysely's operation tree), in select order. */
function selectedColumns(node: NodeShape): Map<string, number> {
  const columns = new Map<string, number>();
  if (node.kind !== 'SelectQueryNode') return columns;
  const selections = (node['selections'] ?? []) as { selection: NodeShape }[];
  selections.forEach(({ selection }, i) => {
    let name: unknown;
    if (selection.kind === 'AliasNode') name = (selection['alias'] as NodeShape)['name'];
    else if (selection.kind === 'ReferenceNode') name = (((selection['column'] as NodeShape)['column'] ?? {}) as NodeShape)['name'];
    if (typeof name === 'string' && !columns.has(name)) columns.set(name, i);
  });
  return columns;
}

/** The arguments of a template, by name. */
export type Args<N extends ArgName> = { readonly [K in N]: unknown };

/** Compiles `build` once into a template. */
export function template<N extends ArgName = number>(build: (arg: Arg<N>) => Compilable): Template<N> {
  const marks = new Map<string, N>();
  const arg: Arg<N> = <T>(name: N) => {
    const mark = `\u0001twofold-arg-${String(name)}\u0001`;
    marks.set(mark, name);
    return mark as T;
  };
  const { sql, parameters, query } = build(arg).compile();
  const slots = parameters.map((p): Slot<N> => (typeof p === 'string' && marks.has(p) ? { arg: marks.get(p)! } : { value: p }));
  return { sql, slots, columns: selectedColumns(query as unknown as NodeShape) };
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

const rowArgNames = new Map<string, string[]>();

/** The name of column `name` of row `i` in a multi-row template (see `perRow`); memoised, as the hot reads bind these per call. */
export function rowArg(name: string, i: number): string {
  let names = rowArgNames.get(name);
  if (!names) {
    names = [];
    rowArgNames.set(name, names);
  }
  names[i] ??= `${name}.${i}`;
  return names[i];
}

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

/** Templates that depend on several list lengths or flags (the assess read), compiled on first use per shape. */
export function perShape<S extends (number | boolean)[], N extends ArgName>(build: (...shape: S) => Template<N>): (...shape: S) => Template<N> {
  const cache = new Map<string, Template<N>>();
  return (...shape) => {
    const key = shape.join();
    let t = cache.get(key);
    if (!t) {
      t = build(...shape);
      if (cache.size < 512) cache.set(key, t);
    }
    return t;
  };
}

/** The compiled SQL and parameters of a one-off query (rare operations: export, erase, purge). */
export function once(query: Compilable): { sql: string; params: readonly unknown[] } {
  const { sql, parameters } = query.compile();
  return { sql, params: parameters };
}
