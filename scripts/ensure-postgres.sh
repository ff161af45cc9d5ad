#!/usr/bin/env bash
# Makes sure a PostgreSQL server is running locally and has a role and database for the tests.
# Prints the admin URL for the tests (TEST_POSTGRES_URL) on stdout; progress goes to stderr.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "安装 PostgreSQL…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h 2>/dev/null | grep -q "^$PGVER main" || pg_createcluster "$PGVER" main >&2
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start >&2 2>&1 || pg_ctlcluster "$PGVER" main start >&2 2>&1 || true
fi
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL 未能启动" >&2; exit 1; }
su postgres -c "psql -q -v ON_ERROR_STOP=1" >&2 <<'SQL'
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='gongkai') THEN CREATE ROLE gongkai LOGIN PASSWORD 'gongkai' CREATEDB; END IF; END$$;
SELECT 'CREATE DATABASE gongkai_test OWNER gongkai' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='gongkai_test')\gexec
SQL
echo "postgres://gongkai:gongkai@127.0.0.1:5432/gongkai_test"
