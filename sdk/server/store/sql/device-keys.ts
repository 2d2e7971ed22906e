/**
 * The DeviceKeyStore over SQL (table `device_keys`, migration 0004): one row per (account, key id);
 * binding is one upsert, so racing successful logins of one device agree without a transaction.
 */
import type { Kysely } from 'kysely';
import type { DeviceKeyRecord, DeviceKeyStore } from '../types';
import { exec, rows } from './aggregates';
import { once, template } from './compile';
import type { SqlRunner } from './runner';
import type { TwofoldDatabase } from './schema';

type KeyRow = { user_id: string; key_id: string; device_id: string | null; bound_at: number; last_used_at: number };

function toKey(row: KeyRow): DeviceKeyRecord {
  const key: DeviceKeyRecord = { userId: row.user_id, keyId: row.key_id, boundAt: Number(row.bound_at), lastUsedAt: Number(row.last_used_at) };
  if (row.device_id !== null) key.deviceId = row.device_id;
  return key;
}

/** The columns bindDeviceKey writes, by name: what q.bind takes. */
export type DeviceKeyArg = 'userId' | 'keyId' | 'deviceId' | 'boundAt' | 'lastUsedAt';

/**
 * The bind upsert, (userId, keyId, deviceId, boundAt, lastUsedAt): a refresh keeps the first bound_at
 * and moves device_id and last_used_at. Shared by bindDeviceKey and a login's own write
 * (record-login.ts), so both bind alike.
 */
export function deviceKeyBindQuery(db: Kysely<TwofoldDatabase>) {
  return template<DeviceKeyArg>((a) =>
    db
      .insertInto('device_keys')
      .values({
        user_id: a('userId'),
        key_id: a('keyId'),
        device_id: a<string | null>('deviceId'),
        bound_at: a<number>('boundAt'),
        last_used_at: a<number>('lastUsedAt'),
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'key_id']).doUpdateSet((eb) => ({ device_id: eb.ref('excluded.device_id'), last_used_at: eb.ref('excluded.last_used_at') })),
      ),
  );
}

/** A key's arguments for the bind upsert (no device id binds NULL, as a refresh without one clears it). */
export const deviceKeyArgs = (key: DeviceKeyRecord): Record<DeviceKeyArg, string | number | null> => ({
  userId: key.userId,
  keyId: key.keyId,
  deviceId: key.deviceId ?? null,
  boundAt: key.boundAt,
  lastUsedAt: key.lastUsedAt,
});

/** The device-key operations of a SQL store. */
export function sqlDeviceKeys(db: Kysely<TwofoldDatabase>, runner: SqlRunner): DeviceKeyStore {
  const q = {
    bind: deviceKeyBindQuery(db),
    /** (userId, keyId) */
    read: template<'userId' | 'keyId'>((a) => db.selectFrom('device_keys').selectAll().where('user_id', '=', a('userId')).where('key_id', '=', a('keyId'))),
    /** (userId, keyId) */
    revoke: template<'userId' | 'keyId'>((a) => db.deleteFrom('device_keys').where('user_id', '=', a('userId')).where('key_id', '=', a('keyId'))),
    /** (before) */
    purge: template<'before'>((a) => db.deleteFrom('device_keys').where('last_used_at', '<', a<number>('before'))),
  };
  return {
    async bindDeviceKey(key) {
      await exec(runner, q.bind, deviceKeyArgs(key));
    },
    async readDeviceKey(userId, keyId) {
      const [row] = await rows<KeyRow>(runner, q.read, { userId, keyId });
      return row ? toKey(row) : undefined;
    },
    async listDeviceKeys(subject) {
      let query = db.selectFrom('device_keys').selectAll();
      if (subject.userId !== undefined) query = query.where('user_id', '=', subject.userId);
      if (subject.deviceId !== undefined) query = query.where('device_id', '=', subject.deviceId);
      const { sql, params } = once(query.orderBy('bound_at').orderBy('key_id'));
      return (await runner.all<KeyRow>(sql, params)).map(toKey);
    },
    async revokeDeviceKey(userId, keyId) {
      return (await exec(runner, q.revoke, { userId, keyId })) > 0;
    },
    async eraseDeviceKeys(subject) {
      let remove = db.deleteFrom('device_keys');
      if (subject.userId !== undefined) remove = remove.where('user_id', '=', subject.userId);
      if (subject.deviceId !== undefined) remove = remove.where('device_id', '=', subject.deviceId);
      const { sql, params } = once(remove);
      return runner.run(sql, params);
    },
    async purgeDeviceKeys(before) {
      return exec(runner, q.purge, { before });
    },
  };
}
