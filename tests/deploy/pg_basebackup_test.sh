#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL backups as the README describes them: a base backup (pg_basebackup) plus WAL
# archiving, restored to the end of the archive. A database made by Nansen is backed up,
# written to after the backup, restored into a new cluster, and must hold the writes
# from both before and after the base backup, with an intact audit chain.
# Usage: pg_basebackup_test.sh NANSEN_BIN
set -euo pipefail
bin=${1:?usage: pg_basebackup_test.sh NANSEN_BIN}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
user=$( [ "$(id -u)" -eq 0 ] && echo postgres || id -un )
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
tmp=$(mktemp -d)
chmod 755 "$tmp"
[ "$(id -u)" -eq 0 ] && chown "$user" "$tmp"
cleanup() {
  for d in primary restored; do
    [ -f "$tmp/$d/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" stop -m immediate -D "$tmp/$d" >/dev/null 2>&1
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
start() {  # DIR PORT
  as_pg "$PG_BIN/pg_ctl" start -w -t 60 -D "$1" -l "$1.log" \
    -o "-p $2 -k $tmp -c listen_addresses=127.0.0.1" >/dev/null || { cat "$1.log" >&2; fail "start $1"; }
}

as_pg "$PG_BIN/initdb" -D "$tmp/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  --no-instructions >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; fail initdb; }
as_pg mkdir "$tmp/archive"
# The settings the README asks for on the primary.
cat >>"$tmp/primary/postgresql.conf" <<CONF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $tmp/archive/%f && cp %p $tmp/archive/%f'
CONF
port=$(free_port)
start "$tmp/primary" "$port"
url="postgresql://postgres@127.0.0.1:$port/postgres"

add_user() { echo 'a long password 12' | "$bin" user add "$1" --role observer --db "$url" >/dev/null; }
add_user before.basebackup
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$tmp/base" -X none -c fast \
  || fail pg_basebackup
add_user after.basebackup
psql -q "$url" -c 'SELECT pg_switch_wal()' >/dev/null
# Wait until the segment holding the last write is archived.
for _ in $(seq 1 300); do
  [ "$(psql -At "$url" -c 'SELECT archived_count > 0 AND last_failed_wal IS DISTINCT FROM last_archived_wal FROM pg_stat_archiver')" = t ] &&
    [ "$(psql -At "$url" -c "SELECT pg_walfile_name(pg_current_wal_lsn()) > last_archived_wal FROM pg_stat_archiver")" = t ] && break
  sleep 0.1
done
as_pg "$PG_BIN/pg_ctl" stop -m fast -D "$tmp/primary" >/dev/null

# Restore: the base backup, a restore_command reading the archive, recovery.signal.
as_pg cp -a "$tmp/base" "$tmp/restored"
echo "restore_command = 'cp $tmp/archive/%f %p'" | as_pg tee -a "$tmp/restored/postgresql.conf" >/dev/null
as_pg touch "$tmp/restored/recovery.signal"
port=$(free_port)
start "$tmp/restored" "$port"
url="postgresql://postgres@127.0.0.1:$port/postgres"
for _ in $(seq 1 300); do
  [ "$(psql -At "$url" -c 'SELECT pg_is_in_recovery()')" = f ] && break
  sleep 0.1
done

users=$("$bin" user list --db "$url")
grep -q before.basebackup <<<"$users" || fail "the restored database lacks the write before the base backup"
grep -q after.basebackup <<<"$users" || fail "the restored database lacks the write archived after the base backup"
"$bin" audit verify --db "$url" | grep -q 'audit chain intact' || fail "audit chain of the restored database"
echo "restored: $(grep -c '\.basebackup' <<<"$users") accounts, audit chain intact"
