#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every benchmark and prints the figures side by side with the peer's.
# Usage: bash bench/run.sh BUILD_DIR [SIZES]
#   SIZES (env BENCH_SIZES) defaults to "10000 100000 1000000" for the generated population.
# The pg_trgm comparison starts a throwaway PostgreSQL 15 cluster on a loopback port in a
# temporary directory (as an unprivileged user when run as root) and removes it afterwards.
set -euo pipefail
build=${1:?usage: bench/run.sh BUILD_DIR}
sizes=${BENCH_SIZES:-"10000 100000 1000000"}
search_size=${BENCH_SEARCH_SIZE:-1000000}
queries=${BENCH_QUERIES:-1000}
only=${BENCH_ONLY:-all}  # all | micro | quality | dedup | http | backup | search
repo=$(cd "$(dirname "$0")/.." && pwd)
want() { [[ "$only" == all || "$only" == "$1" ]]; }

if want micro; then
  echo "== micro-benchmarks"
  "$build/bench/bench_text_micro" --benchmark_min_time=0.2
fi

if want quality; then
  echo
  echo "== quality against ground truth (FEBRL 1-4, Splink historical_50k)"
  "$build/bench/bench_quality" "$repo/tests/data/match"
fi

if want dedup; then
  echo
  echo "== deduplication of generated Central Asian populations"
  for n in $sizes; do "$build/bench/bench_dedup_population" "$n"; done
fi

if want http; then
  echo
  echo "== the server through HTTP with wrk (${BENCH_HTTP_SIZES:-100000 1000000} persons)"
  NANSEN_BIN="$build/nansen" node "$repo/bench/http_load.mjs"
fi

if want backup; then
  echo
  echo "== backups while registrars register through HTTP (${BENCH_BACKUP_PERSONS:-1000000} persons)"
  NANSEN_BIN="$build/nansen" node "$repo/bench/backup_under_load.mjs"
fi

want search || exit 0

echo
echo "== search at $search_size records: nansen vs brute-force Jaro-Winkler vs PostgreSQL pg_trgm"
pgbin=/usr/lib/postgresql/15/bin
conninfo=""
tmp=""
cleanup() {
  if [[ -n "$tmp" && -d "$tmp" ]]; then
    as_pg "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
  fi
}
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    local user=postgres
    id postgres >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}
if [[ -x "$pgbin/initdb" && "${BENCH_SKIP_PG:-0}" != 1 ]]; then
  trap cleanup EXIT
  tmp=$(mktemp -d /tmp/nansen-pgbench.XXXXXX)
  chmod 755 "$tmp"
  [[ $(id -u) -eq 0 ]] && chown "$(id postgres >/dev/null 2>&1 && echo postgres || echo nobody)" "$tmp"
  port=$(( 20000 + RANDOM % 20000 ))
  as_pg "$pgbin/initdb" -D "$tmp/data" -A trust -U bench -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c shared_buffers=256MB -c max_parallel_workers_per_gather=0" start >/dev/null
  conninfo="host=127.0.0.1 port=$port user=bench dbname=postgres"
else
  echo "(PostgreSQL 15 not found or BENCH_SKIP_PG=1: pg_trgm column skipped)"
fi
"$build/bench/bench_search_population" "$search_size" "$queries" "$conninfo" "${BENCH_BRUTE_QUERIES:-30}"
