#!/usr/bin/env bash
# Runs the whole test suite on SQLite and again on PostgreSQL.
#   scripts/test.sh            both
#   scripts/test.sh sqlite     SQLite only
#   scripts/test.sh postgres   PostgreSQL only
# PostgreSQL: $TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/lifelong).
# If PostgreSQL is installed but down it is started; if it is absent the run fails
# in CI (CI=true) and is skipped with a loud message locally.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WHICH="${1:-all}"
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/lifelong}"
export DEBUG=1 PYTHONDONTWRITEBYTECODE=1
status=0

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  say "Installing Debian's Chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/lifelong-apt.log 2>&1 \
      || { echo "apt-get install chromium failed; see /tmp/lifelong-apt.log"; return 1; }
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium || return 1
  else
    echo "Chromium is missing and I cannot install it (not root, no sudo): apt-get install chromium"; return 1
  fi
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    say "PostgreSQL is installed but down: starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  fi
  return 1
}

run_pytest() {  # $1 = label, rest = env assignments
  local label=$1; shift
  say "Test suite on $label"
  env "$@" $BIN/python -m pytest -p no:cacheprovider -q
  local rc=$?
  if [ $rc -eq 5 ]; then echo "pytest collected no tests: that is a failure"; rc=1; fi
  [ $rc -ne 0 ] && status=1
  return 0
}

ensure_chromium || status=1
say "Known vulnerabilities in the dependencies (pip-audit)"
bash scripts/audit.sh || status=1
mkdir -p var
SQLITE_URL="sqlite:///$PWD/var/lifelong-test-base.sqlite3"

pg_ready() {  # 0: PostgreSQL is there; 1: skip (locally) or fail (CI)
  if ensure_postgres; then return 0; fi
  if [ "${CI:-}" = true ]; then
    echo "!!! PostgreSQL is not available on 127.0.0.1:5432 and CI needs it: FAILING." >&2
    status=1
  else
    echo "!!! PostgreSQL is not available on 127.0.0.1:5432: the PostgreSQL pass is SKIPPED (it runs in CI)." >&2
  fi
  return 1
}

PG_OK=1
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then pg_ready && PG_OK=0; fi

if [ "$WHICH" = all ] && [ "${LIFELONG_TEST_SERIAL:-0}" != 1 ] && [ $PG_OK -eq 0 ]; then
  # Both passes at once: each is mostly one Python process waiting on its database, its browser or its
  # server, so together they take little longer than the slower one. Logs are printed when both end.
  say "Test suite on SQLite and on PostgreSQL, side by side (LIFELONG_TEST_SERIAL=1 runs them one after the other)"
  rm -f var/test-sqlite.rc var/test-postgres.rc
  (DATABASE_URL="$SQLITE_URL" $BIN/python -m pytest -p no:cacheprovider -q > var/test-sqlite.log 2>&1; echo $? > var/test-sqlite.rc) &
  (DATABASE_URL="$PG_URL" $BIN/python -m pytest -p no:cacheprovider -q > var/test-postgres.log 2>&1; echo $? > var/test-postgres.rc) &
  while [ ! -f var/test-sqlite.rc ] || [ ! -f var/test-postgres.rc ]; do  # a sign of life every minute
    sleep 60
    printf '  … %s  SQLite %s  PostgreSQL %s\n' "$(date +%H:%M)" \
      "$(grep -o '\[ *[0-9]*%\]' var/test-sqlite.log 2>/dev/null | tail -1)" \
      "$(grep -o '\[ *[0-9]*%\]' var/test-postgres.log 2>/dev/null | tail -1)"
  done
  wait
  for pass in sqlite postgres; do
    say "Test suite on $pass"
    cat var/test-$pass.log
    rc=$(cat var/test-$pass.rc 2>/dev/null || echo 1)
    if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: that is a failure"; rc=1; fi
    [ "$rc" -ne 0 ] && status=1
  done
  exit $status
fi

if [ "$WHICH" = all ] || [ "$WHICH" = sqlite ]; then
  run_pytest SQLite DATABASE_URL="$SQLITE_URL"
fi

if { [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; } && [ $PG_OK -eq 0 ]; then
  run_pytest PostgreSQL DATABASE_URL="$PG_URL"
fi

exit $status
