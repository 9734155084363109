#!/bin/sh
# AirGate's container entrypoint.
#   serve, scheduler   wait for the database (AIRGATE_DB_WAIT_SECONDS, default 60), run pending migrations
#                      once across replicas (unless AIRGATE_MIGRATE_ON_START=false), then run the command
#   migrate            wait for the database, then migrate
#   anything else      `airgate <args>` as given (doctor, check, user list, …); `sh`/`node` run as is
# The command replaces this shell (exec), so SIGTERM reaches AirGate directly and shuts it down gracefully.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
airgate="${AIRGATE_BIN:-$here/../bin/airgate.mjs}"

if [ "$#" -eq 0 ]; then
  set -- serve
fi

case "$1" in
  sh | bash | node)
    exec "$@"
    ;;
  serve | scheduler)
    migrate=--migrate
    case "${AIRGATE_MIGRATE_ON_START:-true}" in
      false | 0 | no) migrate= ;;
    esac
    for arg in "$@"; do
      if [ "$arg" = "--no-migrate" ]; then migrate=; fi
    done
    node "$airgate" wait-db --timeout "${AIRGATE_DB_WAIT_SECONDS:-60}" $migrate
    # Migrated (or told not to): the command itself must not migrate again, outside the lock.
    AIRGATE_MIGRATE_ON_START=false
    export AIRGATE_MIGRATE_ON_START
    ;;
  migrate)
    node "$airgate" wait-db --timeout "${AIRGATE_DB_WAIT_SECONDS:-60}"
    ;;
esac

exec node "$airgate" "$@"
