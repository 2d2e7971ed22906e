/**
 * Every query the SQL stores run, written once with Kysely's builder and compiled per dialect.
 * Arguments are named (`a('userId')`); multi-row and per-pair arguments are named per row
 * (`rowArg('feature', i)`, bound with `perRow`); list-length-dependent queries compile per length.
 * Result columns are read by name: every computed column has an alias.
 */
import type { Kysely } from 'kysely';
import { compileAssessQueries } from './queries-assess';
import { compileBulkQueries, compileDeferredQueries } from './queries-bulk';
import { compileRecordQueries } from './queries-record';
import { compileNonceQueries } from './queries-nonces';
import { compileWithdrawQueries } from './queries-withdraw';
import type { TwofoldDatabase } from './schema';

// The shared pieces, re-exported where the readers and writers have always imported them from.
export { countProbe, pairColumn, range, rowArgList, userLogins, type Eb, type LoginColumn } from './query-parts';

/** The compiled queries for one dialect. */
export type Queries = ReturnType<typeof compileQueries>;

/** Compiles the stores' queries with `db` (a compile-only Kysely for the target dialect), one group per file. */
export function compileQueries(db: Kysely<TwofoldDatabase>) {
  return {
    ...compileAssessQueries(db),
    ...compileRecordQueries(db),
    ...compileBulkQueries(db),
    ...compileDeferredQueries(db),
    ...compileWithdrawQueries(db),
    ...compileNonceQueries(db),
  };
}
