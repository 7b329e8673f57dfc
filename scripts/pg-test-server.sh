#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL 15 cluster for tests: the C++ db tests (tests/db/pg_server.h) and
# the Node API suite run against it, so the start/stop logic lives here once.
#
#   scripts/pg-test-server.sh start DIR [WATCH_PID]   prints postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-test-server.sh stop DIR                stops the server and deletes DIR
#
# The URL is also written to DIR/url, so a ctest fixture can start one server for many
# test processes (tests/db/pg_server.h reads NANSEN_TEST_POSTGRES_DIR).
#
# The cluster is loopback-only, trust-authenticated and runs with fsync=off: fast and
# disposable, never for data anyone keeps. With WATCH_PID, a detached watcher stops and
# deletes the cluster once that process is gone, so a crashed test run leaves no server.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
readonly MARKER=.nansen-pg-test-server
readonly SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")

usage() {
  echo "usage: $0 start DIR [WATCH_PID] | stop DIR" >&2
  exit 2
}

# PostgreSQL refuses to run as root, and CI runs tests as root: then the server runs as
# the `postgres` user (installed with the postgresql-15 package), else as `nobody`.
server_user() {
  if [[ $(id -u) -ne 0 ]]; then
    id -un
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$(server_user)" -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir=$1 watch_pid=${2:-}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # DIR becomes the server user's and is deleted by stop: it must be new or empty.
  if [[ -n $(ls -A "$dir") ]]; then
    echo "pg-test-server: $dir is not empty (a cluster left over? run: $0 stop $dir)" >&2
    exit 1
  fi
  touch "$dir/$MARKER"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R "$(server_user)" "$dir"
    chmod 700 "$dir"
    if ! as_server_user test -w "$dir"; then
      echo "pg-test-server: user $(server_user) cannot reach $dir (check its parent directories)" >&2
      exit 1
    fi
  fi

  # initdb costs seconds; its result is kept as a template beside the clusters (owned by
  # the server user, so no one else can plant one) and copied for every later start.
  # C.UTF-8 collates by code point, like SQLite's default BINARY collation, so ORDER BY
  # on text agrees between the two backends.
  local template=${NANSEN_PG_TEMPLATE:-${TMPDIR:-/tmp}/nansen-pg-template-15-v1-$(server_user)}
  if [[ -f $template/PG_VERSION && $(stat -c %U "$template") == "$(server_user)" ]] &&
      cp -a "$template" "$dir/data" 2>/dev/null; then
    :
  else
    rm -rf "$dir/data"
    if ! as_server_user "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync --no-instructions >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    # Publish atomically: a concurrent start sees the whole template or none.
    if cp -a "$dir/data" "$template.$$" 2>/dev/null; then
      mv -T "$template.$$" "$template" 2>/dev/null || rm -rf "$template.$$"
    fi
  fi

  # A random free loopback port; another process may take it between the check and the
  # bind, so a failed start is retried on a new port.
  local attempt port ready i
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    rm -f "$dir/server.log"
    as_server_user "$PG_BIN/pg_ctl" start -W -D "$dir/data" -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null || true
    ready=0
    for i in $(seq 1 600); do  # up to 30 s in 50 ms polls
      if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres; then
        ready=1
        break
      fi
      # Gave up (port taken, bad setting)? A "FATAL: the database system is starting up"
      # answering our own probe is no failure.
      grep -Eq "could not create any TCP/IP sockets|database system is shut down" \
        "$dir/server.log" 2>/dev/null && break
      [[ -f $dir/server.log ]] || [[ $i -lt 100 ]] || break  # pg_ctl could not even start it
      sleep 0.05
    done
    if [[ $ready -eq 1 ]]; then
      echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
      if [[ -n $watch_pid ]]; then
        # The watcher's output goes to /dev/null: a caller reading our stdout (popen)
        # must see it close when this script exits.
        setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; rm -f "$3/watcher.pid"; "$2" stop "$3"' \
          watcher "$watch_pid" "$SCRIPT" "$dir" >/dev/null 2>&1 </dev/null &
        echo $! >"$dir/watcher.pid"
      fi
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    as_server_user "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate >/dev/null 2>&1 || true
  done
  echo "pg-test-server: the server did not start; log:" >&2
  cat "$dir/server.log" >&2
  exit 1
}

stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd)
  if [[ ! -e $dir/$MARKER ]]; then
    echo "pg-test-server: $dir was not made by this script; not deleting it" >&2
    exit 1
  fi
  if [[ -f $dir/watcher.pid ]]; then
    kill "$(cat "$dir/watcher.pid")" 2>/dev/null || true
  fi
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_server_user "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

[[ $# -ge 2 ]] || usage
case $1 in
  start) [[ $# -le 3 ]] || usage; start "$2" "${3:-}" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
