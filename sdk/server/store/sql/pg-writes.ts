/**
 * A sign-in's writes as ONE statement on PostgreSQL: data-modifying CTEs (WITH … INSERT … RETURNING)
 * chained so each step only writes when the one before it wrote. One statement is atomic on its own
 * (autocommit: it commits whole or not at all), so it replaces BEGIN, the statements and COMMIT of
 * the same transaction: 1 round trip instead of 4 at assess and up to 10 at record. SQLite has no
 * data-modifying CTEs; there the transaction stays (its statements are in-process calls anyway).
 *
 * Equally strict as the transaction it replaces:
 * - the spent id is the same unique insert (ON CONFLICT DO NOTHING); the login (and the collection)
 *   are selected FROM its RETURNING, so they exist exactly when the id was spent by this statement.
 *   A racing statement with the same id waits on the unique index for the first to commit or roll
 *   back, as before, and then inserts nothing.
 * - rows are locked in the transaction's order (spent id, login, user_totals, then user_counts in the
 *   caller's sorted order): user_counts is selected FROM the user_totals upsert's RETURNING, so that
 *   row is written (locked) first, the order withdrawals lock in (SqlStoreOptions.lockUsersFirst).
 * - only for deferred aggregates (SqlStoreOptions.foldIntervalMs): the global rows get append-only
 *   increments, as the transaction writes them; the immediate mode keeps its transaction.
 * - the id issued with the login (a rights token's) and the device key it proved are selected FROM
 *   the login insert's RETURNING: registered (bound) exactly when the login is, in the same commit;
 *   the key with the same upsert as bindDeviceKey (device-keys.ts deviceKeyBindQuery).
 */
import { type Compilable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { FeatureValue } from '../types';
import { perShape, template, type Arg } from './compile';
import { rowArgList, type LoginColumn } from './queries';
import type { TwofoldDatabase } from './schema';

/** The login row's columns in insert order (their arguments are named after them, see loginArgs). */
const LOGIN_COLUMNS: readonly LoginColumn[] = ['id', 'user_id', 'time', 'ip', 'outcome', 'vouching', 'device_id', 'visitor_id', 'lat', 'lon', 'features'];
/** The collection row's columns in insert order (arguments named after them, see collectionArgs in store.ts). */
const COLLECTION_COLUMNS = ['id', 'device_id', 'user_id', 'time', 'receipt_id', 'signals', 'features'] as const;

const columnList = (columns: readonly string[]) => sql.raw(columns.join(', '));
const argList = (a: Arg<string>, columns: readonly string[]) =>
  sql.join(
    columns.map((c) => a(c)),
    sql`, `,
  );

/** The login's feature values as the (feature, value) rows of `unnest` (arguments `featureNames` and `featureValues`, text arrays). */
const valueRows = (a: Arg<string>) => sql`unnest(cast(${a('featureNames')} as text[]), cast(${a('featureValues')} as text[])) as v(feature, value)`;

/** The one-statement writes of a PostgreSQL store. */
export function postgresWrites(db: Kysely<TwofoldDatabase>) {
  const compiled = (raw: RawBuilder<unknown>): Compilable => ({ compile: () => raw.compile(db) });
  return {
    /**
     * (nonce, expiresAt, the login's columns; vouching: featureNames, featureValues; subject.i;
     * issue: issueNonce, issueExpiresAt; bind: bindUserId, bindKeyId, bindDeviceId, bindBoundAt,
     * bindLastUsedAt) → recorded, spent, objected (0 or 1 each). With `spend`,
     * the login is stored only when this statement spends the id; with objection keys (subject.i,
     * see objection.ts), only when none of them objected; vouching, its values and per-user counts
     * are written and the global increments appended (deferred aggregates); with `issue`, the
     * issued id is registered (as q.issueNonce) when the login is stored; with `bind`, the device
     * key is bound (or refreshed) then.
     */
    recordLogin: perShape((spend: boolean, vouching: boolean, objectionKeys: number, issue: boolean, bind: boolean) =>
      template<string>((a) => {
        // The objection check in the same statement (same snapshot): an objecting subject's id is still spent, nothing else written.
        const objection =
          objectionKeys > 0
            ? sql`objection as (select subject from objections where subject in (${sql.join(rowArgList(a, 'subject', objectionKeys))}) limit 1), `
            : sql``;
        const unlessObjected = objectionKeys > 0 ? sql` where not exists (select 1 from objection)` : sql``;
        const spent = spend
          ? sql`spent as (insert into spent_nonces (nonce, expires_at) values (${a('nonce')}, ${a('expiresAt')}) on conflict (nonce) do nothing returning nonce), `
          : sql``;
        const row = argList(a, LOGIN_COLUMNS);
        const login = spend
          ? sql`login as (insert into logins (${columnList(LOGIN_COLUMNS)}) select ${row} from spent${unlessObjected} returning id)`
          : objectionKeys > 0
            ? sql`login as (insert into logins (${columnList(LOGIN_COLUMNS)}) select ${row}${unlessObjected} returning id)`
            : sql`login as (insert into logins (${columnList(LOGIN_COLUMNS)}) values (${row}) returning id)`;
        const aggregates = vouching
          ? sql`,
  user_total as (
    insert into user_totals (user_id, logins) select ${a('user_id')}, 1 from login
    on conflict (user_id) do update set logins = user_totals.logins + 1 returning logins),
  login_value as (insert into login_values (login_id, feature, value) select login.id, v.feature, v.value from login, ${valueRows(a)}),
  user_count as (
    insert into user_counts (user_id, feature, value, count) select ${a('user_id')}, v.feature, v.value, 1 from user_total, ${valueRows(a)}
    on conflict (user_id, feature, value) do update set count = user_counts.count + 1),
  total_delta as (insert into total_deltas (logins, users) select 1, case when logins = 1 then 1 else 0 end from user_total),
  count_delta as (insert into count_deltas (feature, value, delta) select v.feature, v.value, 1 from login, ${valueRows(a)})`
          : sql``;
        const issued = issue
          ? sql`,
  issued as (
    insert into nonces (nonce, expires_at) select ${a('issueNonce')}, ${a('issueExpiresAt')} from login
    on conflict (nonce) do update set expires_at = excluded.expires_at)`
          : sql``;
        // As deviceKeyBindQuery: a refresh keeps the first bound_at, moves device_id and last_used_at.
        const bound = bind
          ? sql`,
  bound as (
    insert into device_keys (user_id, key_id, device_id, bound_at, last_used_at)
    select ${a('bindUserId')}, ${a('bindKeyId')}, ${a('bindDeviceId')}, ${a('bindBoundAt')}, ${a('bindLastUsedAt')} from login
    on conflict (user_id, key_id) do update set device_id = excluded.device_id, last_used_at = excluded.last_used_at)`
          : sql``;
        const spentCount = spend ? sql`(select count(*) from spent)` : sql`0`;
        const objectedCount = objectionKeys > 0 ? sql`(select count(*) from objection)` : sql`0`;
        return compiled(sql`with ${objection}${spent}${login}${aggregates}${issued}${bound}
select (select count(*) from login) as recorded, ${spentCount} as spent, ${objectedCount} as objected`);
      }),
    ),

    /** (nonce, expiresAt, the collection's columns) → stored (0 or 1): the collection exactly when this statement spent the nonce. */
    spendWithCollection: template<string>((a) =>
      compiled(sql`with spent as (insert into spent_nonces (nonce, expires_at) values (${a('nonce')}, ${a('expiresAt')}) on conflict (nonce) do nothing returning nonce)
insert into collections (${columnList(COLLECTION_COLUMNS)}) select ${argList(a, COLLECTION_COLUMNS)} from spent`),
    ),
  };
}

/** The one-statement writes' templates. */
export type PostgresWrites = ReturnType<typeof postgresWrites>;

/** The `featureNames` and `featureValues` arguments of recordLogin: the (unique, sorted) values as two parallel text arrays. */
export function valueArrays(values: readonly FeatureValue[]): { featureNames: string[]; featureValues: string[] } {
  return { featureNames: values.map((v) => v.feature), featureValues: values.map((v) => v.value) };
}
