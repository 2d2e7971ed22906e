// `twofold serve` as a child process on SQLite (a WAL file) and on PostgreSQL (its own schema),
// for the abuse-limit attacks, with the database's size as the attacker grows it: on SQLite the
// file plus its WAL after a TRUNCATE checkpoint (the pages written, not the log's high-water mark),
// on PostgreSQL pg_total_relation_size (heap, indexes, TOAST) summed over the schema's tables.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { it } from 'vitest';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { ATTACK_SITE } from '../helpers/attack-target';
import { dropSchema, postgresUrl, urlWithSchema } from '../helpers/pg';
import { startServe, stopServe, type ServeProcess } from '../helpers/serve-process';

export { ATTACK_ORIGIN, ATTACK_SITE } from '../helpers/attack-target';

export const ATTACK_API_KEY = 'attack-test-api-key';

/** One database the attacked server runs on. */
export interface AttackBackend {
  name: string;
  /** The `--store` URL. */
  store: string;
  /** Bytes the database occupies now. */
  size(): Promise<number>;
  /** The store opened directly (to read what the server wrote). */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** SQLite always; PostgreSQL when DATABASE_URL names one (CI), else a visible skip. */
export function attackBackends(schema: string): { name: string; setup: () => Promise<AttackBackend> }[] {
  const out = [
    {
      name: 'sqlite',
      async setup(): Promise<AttackBackend> {
        const dir = mkdtempSync(join(tmpdir(), `twofold-${schema}-`));
        const path = join(dir, 'attack.sqlite');
        const bytes = (file: string) => {
          try {
            return statSync(file).size;
          } catch {
            return 0;
          }
        };
        return {
          name: 'sqlite',
          store: `sqlite:${path}`,
          async size() {
            const db = new Database(path);
            try {
              db.pragma('wal_checkpoint(TRUNCATE)');
            } finally {
              db.close();
            }
            return bytes(path) + bytes(`${path}-wal`);
          },
          open: () => createSqliteStore(path),
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const url = postgresUrl();
  if (url) {
    out.push({
      name: 'postgres',
      async setup(): Promise<AttackBackend> {
        const schemaUrl = await urlWithSchema(url, schema);
        return {
          name: 'postgres',
          store: schemaUrl,
          async size() {
            const client = new pg.Client({ connectionString: schemaUrl });
            await client.connect();
            try {
              const { rows } = await client.query<{ bytes: string | null }>(
                "SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'",
              );
              return Number(rows[0]?.bytes ?? 0);
            } finally {
              await client.end();
            }
          },
          open: () => createPostgresStore(schemaUrl),
          cleanup: () => dropSchema(url, schema),
        };
      },
    });
  } else {
    it.skip('postgres: set DATABASE_URL=postgres://… to run these attacks on PostgreSQL too', () => {});
  }
  return out;
}

/** Starts `twofold serve` on the backend (keys in a fresh directory; limits at their defaults). */
export async function serveOn(
  bundle: string,
  backend: AttackBackend,
  extraArgs: readonly string[] = [],
): Promise<{ server: ServeProcess; keysPath: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-attack-keys-'));
  const keysPath = join(dir, 'keys.json');
  const server = await startServe(bundle, { site: ATTACK_SITE, store: backend.store, keys: keysPath, apiKey: ATTACK_API_KEY, extraArgs });
  return {
    server,
    keysPath,
    async stop() {
      await stopServe(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `task` for indices 0..n-1 with at most `parallel` in flight. */
export async function inParallel(n: number, parallel: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
