// Test isolation on one PostgreSQL database: each test file works in its own schema, so files
// running in parallel (and truncating between tests) never see each other's rows.
import pg from 'pg';

/** The PostgreSQL URL from DATABASE_URL, or undefined when it does not name PostgreSQL. */
export function postgresUrl(): string | undefined {
  const url = process.env['DATABASE_URL'];
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** Creates `schema` if needed and returns a URL whose connections use it as search_path. */
export async function urlWithSchema(url: string, schema: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
