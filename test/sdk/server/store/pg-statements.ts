// Statements sent to PostgreSQL, counted on pg's Client.query (every statement, BEGIN and COMMIT
// included): what the round-trip tests hold so a change that adds one to a hot path fails.
import pg from 'pg';

/** Runs `fn` and counts the statements it sends to PostgreSQL (any client, any pool). */
export async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const query = pg.Client.prototype.query;
  let statements = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await fn(), statements };
  } finally {
    pg.Client.prototype.query = query;
  }
}
