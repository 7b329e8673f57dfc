#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package, as `make package` builds it (scripts/build-deb.sh), from the binary
# under test: its listing, control data and conffiles; the units' hardening and
# `systemd-analyze verify` (where systemd-analyze exists); and the packaged binary with the
# packaged default configuration serving /healthz. Usage: package_test.sh NANSEN_BIN
set -euo pipefail
bin=${1:?usage: package_test.sh NANSEN_BIN}
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

deb=$(NANSEN_DEB_COMPRESSION=none "$repo/scripts/build-deb.sh" "$bin" "$tmp/out")
[[ $(basename "$deb") =~ ^nansen_[0-9]+\.[0-9]+\.[0-9]+_amd64\.deb$ ]] || fail "package name $deb"

listing=$(dpkg-deb -c "$deb")
for path in ./usr/bin/nansen ./lib/systemd/system/nansen.service \
            ./lib/systemd/system/nansen-backup.service ./lib/systemd/system/nansen-backup.timer \
            ./etc/nansen/nansen.toml ./usr/share/doc/nansen/copyright ./usr/share/doc/nansen/NOTICE; do
  grep -q " $path\$" <<<"$listing" || fail "the package lacks $path"
done
grep -q -- '-rwxr-xr-x root/root .* ./usr/bin/nansen$' <<<"$listing" || fail "binary mode/owner"
grep -q -- '-rw-r----- root/root .* ./etc/nansen/nansen.toml$' <<<"$listing" || fail "config is readable by others"
[ "$(dpkg-deb -f "$deb" Package)" = nansen ] || fail "Package field"
dpkg-deb -f "$deb" Depends | grep -q 'libsqlite3' || fail "Depends lacks the shared libraries"
dpkg-deb -I "$deb" conffiles | grep -qx /etc/nansen/nansen.toml || fail "nansen.toml is not a conffile"
for script in postinst prerm postrm; do dpkg-deb -I "$deb" "$script" >/dev/null || fail "no $script"; done
dpkg-deb -I "$deb" postrm | grep -q 'NANSEN_PURGE_DATA' || fail "purge must keep data unless asked"

mkdir -p "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
unit=$tmp/root/lib/systemd/system/nansen.service
for directive in 'User=nansen' 'StateDirectory=nansen' 'ConfigurationDirectory=nansen' \
                 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'PrivateTmp=yes' 'ProtectHome=yes' \
                 'UMask=0077' 'CapabilityBoundingSet=' 'ExecStart=/usr/bin/nansen --config /etc/nansen/nansen.toml serve'; do
  grep -qx -- "$directive" "$unit" || fail "nansen.service lacks $directive"
done

if command -v systemd-analyze >/dev/null; then
  # verify checks that each command exists: point the units at the extracted binary.
  mkdir -p "$tmp/units"
  for u in "$tmp"/root/lib/systemd/system/*; do
    sed "s#/usr/bin/nansen#$tmp/root/usr/bin/nansen#g" "$u" >"$tmp/units/$(basename "$u")"
  done
  systemd-analyze verify "$tmp"/units/* || fail "systemd-analyze verify"
else
  echo "systemd-analyze not installed: unit verification skipped"
fi

# The packaged binary with the packaged configuration serves (paths moved into $tmp).
"$tmp/root/usr/bin/nansen" keys create --key-file "$tmp/nansen.key" >/dev/null
export NANSEN_DATABASE_URL=$tmp/nansen.db NANSEN_SECURITY_KEY_FILE=$tmp/nansen.key \
       NANSEN_SERVER_LISTEN=127.0.0.1:0
"$tmp/root/usr/bin/nansen" --config "$tmp/root/etc/nansen/nansen.toml" serve >"$tmp/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 600); do  # up to 60 s for a sanitizer build's start-up
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$tmp/serve.log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || fail "the server exited: $(cat "$tmp/serve.log")"
  sleep 0.1
done
[ -n "$url" ] || fail "the server did not start"
curl -fsS "$url/healthz" >/dev/null || fail "/healthz"
