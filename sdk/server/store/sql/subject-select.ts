/** The rows a subject names, as Kysely selects (export, erase, countRows), and a one-off run of a built query. */
import type { Kysely } from 'kysely';
import type { Subject } from '../types';
import { once } from './compile';
import type { SqlRunner } from './runner';
import type { TwofoldDatabase } from './schema';

/** Runs a one-off query (compiled now, not a template) and returns its rows. */
export const all = <R>(tx: SqlRunner, query: Parameters<typeof once>[0]) => {
  const { sql, params } = once(query);
  return tx.all<R>(sql, params);
};

// Every field the subject names must match (account AND device for a rights token's subject).
/** The subject's logins. */
export const loginsOf = (db: Kysely<TwofoldDatabase>, subject: Subject) => {
  let query = db.selectFrom('logins');
  if (subject.userId !== undefined) query = query.where('user_id', '=', subject.userId);
  if (subject.deviceId !== undefined) query = query.where('device_id', '=', subject.deviceId);
  return query;
};

/** The subject's collections. */
export const collectionsOf = (db: Kysely<TwofoldDatabase>, subject: Subject) => {
  let query = db.selectFrom('collections');
  if (subject.userId !== undefined) query = query.where('user_id', '=', subject.userId);
  if (subject.deviceId !== undefined) query = query.where('device_id', '=', subject.deviceId);
  return query;
};
