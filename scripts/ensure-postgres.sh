#!/usr/bin/env bash
# The PostgreSQL tests (the store, shared state, the `postgres` Vitest project, two instances, the postgres-s3
# Playwright project) use a PostgreSQL server where the test user may create databases: the machine's own on
# 127.0.0.1:5432 with trust auth, or the one TEST_PG_ADMIN_URL names. Starts the local cluster when it is down
# and we can; otherwise says what to do.
set -euo pipefail
[ -n "${TEST_PG_ADMIN_URL:-}" ] && exit 0
pg_isready -q -h 127.0.0.1 2>/dev/null && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432: starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  pg_isready -q -h 127.0.0.1 -t 30
  exit 0
fi
echo "The tests need PostgreSQL on 127.0.0.1:5432 (trust auth, database test), or TEST_PG_ADMIN_URL=postgres://user@host/db of a user who may create databases." >&2
exit 1
