// The shared PostgreSQL switch of the server suites: skip locally without DATABASE_URL, but under
// CI=true fail (every suite with PostgreSQL cases calls postgresUrl()), so CI proves both stores.
import { describe, expect, it } from 'vitest';
import { postgresUrl } from './pg';

describe('postgresUrl', () => {
  it('returns a postgres:// DATABASE_URL, in CI or not', () => {
    expect(postgresUrl({ DATABASE_URL: 'postgres://u:p@127.0.0.1/db' })).toBe('postgres://u:p@127.0.0.1/db');
    expect(postgresUrl({ DATABASE_URL: 'postgresql://db/x', CI: 'true' })).toBe('postgresql://db/x');
  });

  it('without one, skips locally (undefined)', () => {
    expect(postgresUrl({})).toBeUndefined();
    expect(postgresUrl({ DATABASE_URL: '' })).toBeUndefined();
    expect(postgresUrl({ DATABASE_URL: 'sqlite:./x.db' })).toBeUndefined();
  });

  it('without one under CI=true, throws a message saying how to fix it, without the password', () => {
    expect(() => postgresUrl({ CI: 'true' })).toThrow(/CI=true, but DATABASE_URL is not set.*export DATABASE_URL=postgres/);
    expect(() => postgresUrl({ CI: 'true', DATABASE_URL: '' })).toThrow(/is not set/);
    expect(() => postgresUrl({ CI: 'true', DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(/does not name PostgreSQL/);
    expect(() => postgresUrl({ CI: 'true', DATABASE_URL: 'mysql://root:hunter2@db/x' })).not.toThrow(/hunter2/);
    expect(() => postgresUrl({ CI: '1' })).toThrow(/CI=1, but DATABASE_URL is not set/);
  });
});
