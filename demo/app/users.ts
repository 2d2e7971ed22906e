/**
 * The demo site's own accounts (not part of Twofold): username, scrypt hash and TOTP secret. The
 * TOTP replay step and failure counts live in the Twofold store (the library's verifier keeps them).
 * Kysely on the same database as the Twofold store (SQLite file or PostgreSQL), so `DATABASE_URL`
 * switches both.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';

interface UsersTable {
  username: string;
  password_hash: string;
  totp_secret: string | null;
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

/** The demo's account storage. */
export interface DemoUserStore {
  get(username: string): Promise<DemoUser | undefined>;
  /** False when the username is taken. */
  create(username: string, passwordHash: string): Promise<boolean>;
  setTotpSecret(username: string, secret: string): Promise<void>;
  /** Replaces the stored hash (an old-cost hash is upgraded at the next correct sign-in). */
  setPasswordHash(username: string, passwordHash: string): Promise<void>;
  close(): Promise<void>;
}

const createUsers: Migration = {
  async up(db) {
    await db.schema
      .createTable('demo_users')
      .ifNotExists()
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('totp_secret', 'text')
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
      const result = await db
        .insertInto('demo_users')
        .values({ username, password_hash: passwordHash, totp_secret: null, created_at: Date.now() })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async setTotpSecret(username, secret) {
      await db.updateTable('demo_users').set({ totp_secret: secret }).where('username', '=', username).execute();
    },
    async setPasswordHash(username, passwordHash) {
      await db.updateTable('demo_users').set({ password_hash: passwordHash }).where('username', '=', username).execute();
    },
    close: () => db.destroy(),
  };
}
