#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (tests/test_sql_postgres.py, docs/sql.md).
#
#   .ci/postgres.sh start [DIR]   a fresh cluster in DIR (a new temporary folder if none), listening
#                                 on 127.0.0.1 only, on a free port, no Unix socket, trust auth;
#                                 prints shell lines to eval: PLANRULES_TEST_POSTGRES (the
#                                 connection string) and PLANRULES_POSTGRES_DIR (the folder)
#   .ci/postgres.sh stop [DIR]    stops the server of DIR (default $PLANRULES_POSTGRES_DIR) and
#                                 deletes DIR; does nothing for a folder without a running server
#
#   eval "$(.ci/postgres.sh start)"; …; .ci/postgres.sh stop
#
# Uses Debian's postgresql package (/usr/lib/postgresql/<version>/bin, the newest one), or
# PG_BINDIR. As root the server runs as the `postgres` user (root cannot run postgres).
# Everything but the two `export` lines goes to stderr.
set -euo pipefail

bindir() {
    if [[ -n "${PG_BINDIR:-}" ]]; then
        echo "$PG_BINDIR"
        return
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -z "$found" || ! -x "$found/initdb" ]]; then
        echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql, or set PG_BINDIR)" >&2
        exit 1
    fi
    echo "$found"
}

# run a server program as the user that owns the cluster
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local dir=${1:-} bin port tries
    bin=$(bindir)
    if [[ -z "$dir" ]]; then
        dir=$(mktemp -d -t planrules-pg.XXXXXX)
    fi
    mkdir -p "$dir"
    if [[ -e "$dir/data" ]]; then
        echo "postgres.sh: $dir/data exists already" >&2
        exit 1
    fi
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    # A free port may be taken between choosing it and binding it: try a few.
    for tries in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s start \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off" >&2; then
            printf 'export PLANRULES_TEST_POSTGRES=%q\n' "postgresql://postgres@127.0.0.1:$port/postgres"
            printf 'export PLANRULES_POSTGRES_DIR=%q\n' "$dir"
            return 0
        fi
        echo "postgres.sh: the server did not start on port $port (try $tries):" >&2
        tail -n 5 "$dir/server.log" >&2 || true
    done
    exit 1
}

stop() {
    local dir=${1:-${PLANRULES_POSTGRES_DIR:-}} bin
    if [[ -z "$dir" ]]; then
        echo "postgres.sh stop: which folder? (give it, or set PLANRULES_POSTGRES_DIR)" >&2
        exit 1
    fi
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        bin=$(bindir)
        as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 -s -m fast stop >&2 ||
            as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 10 -s -m immediate stop >&2 || true
    fi
    if [[ -d "$dir" ]]; then
        rm -rf -- "$dir"
    fi
}

case "${1:-}" in
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start [DIR] | stop [DIR]" >&2; exit 2 ;;
esac
