/**
 * The demo site's own accounts (not part of Twofold): username, scrypt hash, TOTP secret and the
 * last accepted TOTP step. Kysely on the same database as the Twofold store (SQLite file or
 * PostgreSQL), so `DATABASE_URL` switches both.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import type { TotpReplayStore } from '../../sdk/server/totp';

interface UsersTable {
  username: string;
  password_hash: string;
  totp_secret: string | null;
  totp_last_step: number | null;
  created_at: number;
}

interface DemoDatabase {
  demo_users: UsersTable;
}

/** A demo account. */
export interface DemoUser {
  username: string;
  passwordHash: string;
  totpSecret?: string;
}

/** The demo's account storage; `replay` is its TOTP replay store (last step per user). */
export interface DemoUserStore {
  get(username: string): Promise<DemoUser | undefined>;
  /** False when the username is taken. */
  create(username: string, passwordHash: string): Promise<boolean>;
  setTotpSecret(username: string, secret: string): Promise<void>;
  readonly replay: TotpReplayStore;
  close(): Promise<void>;
}

const createUsers: Migration = {
  async up(db) {
    await db.schema.createTable('demo_users').ifNotExists()
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('totp_secret', 'text')
      .addColumn('totp_last_step', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** Opens the demo's user table on `databaseUrl` (postgres://… or a SQLite path / :memory:). */
export async function openDemoUsers(databaseUrl: string): Promise<DemoUserStore> {
  const db = /^postgres(ql)?:\/\//i.test(databaseUrl)
    ? new Kysely<DemoDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 4 }) }) })
    : new Kysely<DemoDatabase>({ dialect: new SqliteDialect({ database: new Database(databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, '')) }) });
  await createUsers.up(db as Kysely<unknown>);
  return {
    async get(username) {
      const row = await db.selectFrom('demo_users').selectAll().where('username', '=', username).executeTakeFirst();
      if (!row) return undefined;
      return { username: row.username, passwordHash: row.password_hash, ...(row.totp_secret ? { totpSecret: row.totp_secret } : {}) };
    },
    async create(username, passwordHash) {
      const result = await db.insertInto('demo_users')
        .values({ username, password_hash: passwordHash, totp_secret: null, totp_last_step: null, created_at: Date.now() })
        .onConflict((oc) => oc.column('username').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async setTotpSecret(username, secret) {
      await db.updateTable('demo_users').set({ totp_secret: secret }).where('username', '=', username).execute();
    },
    replay: {
      name: 'demo-users',
      async lastStep(username) {
        const row = await db.selectFrom('demo_users').select('totp_last_step').where('username', '=', username).executeTakeFirst();
        return row?.totp_last_step === null || row?.totp_last_step === undefined ? undefined : Number(row.totp_last_step);
      },
      async claimStep(username, step) {
        // One conditional UPDATE: of two racing requests with the same code, only one moves the step.
        const result = await db.updateTable('demo_users').set({ totp_last_step: step })
          .where('username', '=', username)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
    },
    close: () => db.destroy(),
  };
}


