// Test isolation on one PostgreSQL database: each test file works in its own schema, so files
// running in parallel (and truncating between tests) never see each other's rows.
import pg from 'pg';

/**
 * The PostgreSQL URL from DATABASE_URL, or undefined when it does not name PostgreSQL (the
 * PostgreSQL cases then show as visible skips). Under CI=true a missing or non-PostgreSQL
 * DATABASE_URL throws instead, so every suite that has PostgreSQL cases fails rather than quietly
 * skipping them: CI must prove both stores.
 */
export function postgresUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env['DATABASE_URL'];
  if (url && /^postgres(ql)?:\/\//.test(url)) return url;
  // Any CI value counts (CI=1 too), as for the browsers (e2e/helpers/chromium.ts): a CI run never skips quietly.
  if (env['CI']) {
    throw new Error(
      `CI=${env['CI']}, but DATABASE_URL ${url ? `("${url.replace(/\/\/[^@]*@/, '//…@')}") does not name PostgreSQL` : 'is not set'}: the PostgreSQL tests must run in CI. Start one (bash .ci/postgres.sh prints its URL) and export DATABASE_URL=postgres://…`,
    );
  }
  return undefined;
}

/**
 * Creates a fresh schema `<base>_<pid>` (dropping one left by an earlier process with the same id)
 * and returns a URL whose connections use it as search_path. Fresh per process, because a schema
 * kept across runs would carry migrations of older code into the next run.
 */
export async function urlWithSchema(url: string, base: string): Promise<string> {
  const schema = `${base}_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Drops the schema `urlWithSchema(url, base)` created in this process (tests that clean up after themselves). */
export async function dropSchema(url: string, base: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${base}_${process.pid} CASCADE`);
  } finally {
    await client.end();
  }
}
