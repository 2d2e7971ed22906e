#!/usr/bin/env bash
# Installs (when missing) and starts a local PostgreSQL on 127.0.0.1:5432 with a `twofold` role and
# database, for the store and handler tests that run on both SQLite and PostgreSQL.
# Prints the DATABASE_URL to use. Idempotent.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver main" || pg_createcluster "$ver" main >/dev/null
pg_ctlcluster "$ver" main status >/dev/null 2>&1 || pg_ctlcluster "$ver" main start
for _ in $(seq 1 30); do su postgres -c "pg_isready -q -h 127.0.0.1" && break; sleep 1; done
psql_as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
[ "$(psql_as_postgres "select 1 from pg_roles where rolname='twofold'")" = 1 ] ||
  psql_as_postgres "create role twofold login password 'twofold' createdb" >/dev/null
[ "$(psql_as_postgres "select 1 from pg_database where datname='twofold'")" = 1 ] ||
  psql_as_postgres "create database twofold owner twofold" >/dev/null
echo "postgres://twofold:twofold@127.0.0.1:5432/twofold"
