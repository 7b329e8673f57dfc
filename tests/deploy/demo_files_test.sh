#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# scripts/demo.sh (make demo) creates the demo database, its key file and the logins file
# holding the demo password for their owner only (0600), even under the usual umask 022.
# Runs the real script with the real binary behind a small wrapper that seeds 20 persons
# instead of 10 000 and returns instead of serving.
set -euo pipefail
: "${NANSEN_BIN:?set NANSEN_BIN to the built nansen binary}"
: "${NANSEN_SOURCE_DIR:?set NANSEN_SOURCE_DIR to the source tree}"
unset NANSEN_SECURITY_KEY_FILE NANSEN_CONFIG NANSEN_DATABASE_URL

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/nansen" <<WRAPPER
#!/bin/sh
if [ "\$1" = demo ] && [ "\$2" = seed ]; then shift 2; exec "$NANSEN_BIN" demo seed --persons 20 "\$@"; fi
if [ "\$1" = serve ]; then exit 0; fi
exec "$NANSEN_BIN" "\$@"
WRAPPER
chmod 700 "$tmp/nansen"

umask 022
if ! bash "$NANSEN_SOURCE_DIR/scripts/demo.sh" "$tmp/nansen" "$tmp/var/demo.db" 127.0.0.1:0 \
    > "$tmp/out" 2>&1; then
  cat "$tmp/out"
  echo "FAIL: scripts/demo.sh exited with an error"
  exit 1
fi

failed=0
for f in demo.db nansen.key demo-logins.txt demo.db-wal demo.db-shm; do
  path="$tmp/var/$f"
  if [ ! -e "$path" ]; then
    case "$f" in *-wal|*-shm) continue ;; esac  # removed when the last connection closed
    echo "FAIL: demo.sh did not create $f"
    failed=1
    continue
  fi
  mode=$(stat -c %a "$path")
  if [ "$mode" != 600 ]; then
    echo "FAIL: $f has mode $mode; it must be 600"
    failed=1
  fi
done
grep -q "Demo logins (all with the password:" "$tmp/var/demo-logins.txt" ||
  { echo "FAIL: the logins file lacks the logins"; failed=1; }
[ "$failed" = 0 ] && echo "ok: the demo database, key file and logins file are 0600"
exit "$failed"
