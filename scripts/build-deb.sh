#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian package from a built `nansen` binary:
#   scripts/build-deb.sh BINARY OUT_DIR
# writes OUT_DIR/nansen_<version>_<arch>.deb and prints its path. `make package` calls it
# with a Release build; the package test calls it with the test build's binary.
# Uses dpkg-deb and dpkg-shlibdeps (dpkg-dev), no debhelper: the package is small
# enough to lay out by hand, and the layout is tested (tests/deploy/package_test.sh).
set -euo pipefail
bin=${1:?usage: build-deb.sh BINARY OUT_DIR}
out=${2:?usage: build-deb.sh BINARY OUT_DIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$bin" ] || { echo "build-deb.sh: $bin is not an executable" >&2; exit 2; }

version=$(sed -n 's/^project(nansen VERSION \([0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

install -D -m 0755 "$bin" "$root/usr/bin/nansen"
# Shipped without debug symbols, as Debian ships binaries.
strip --strip-unneeded "$root/usr/bin/nansen"
for unit in nansen.service nansen-backup.service nansen-backup.timer; do
  install -D -m 0644 "$repo/packaging/$unit" "$root/lib/systemd/system/$unit"
done
install -D -m 0640 "$repo/packaging/nansen.toml" "$root/etc/nansen/nansen.toml"
doc=$root/usr/share/doc/nansen
install -D -m 0644 "$repo/README.md" "$doc/README.md"
install -D -m 0644 "$repo/NOTICE" "$doc/NOTICE"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: nansen"
  echo
  echo "Files: *"
  echo "License: Apache-2.0"
  echo " On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0."
  echo " Third-party material and its terms: /usr/share/doc/nansen/NOTICE."
} >"$doc/copyright"

# Shared-library dependencies, as dpkg-shlibdeps computes them for the binary.
mkdir -p "$work/debian"
printf 'Source: nansen\n\nPackage: nansen\nArchitecture: any\n' >"$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O "$root/usr/bin/nansen" 2>/dev/null |
          sed -n 's/^shlibs:Depends=//p')

mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: nansen
Version: $version
Architecture: $arch
Maintainer: Nansen developers <nansen@localhost>
Section: web
Priority: optional
Depends: ${depends:+$depends, }adduser, systemd
Suggests: nginx, postgresql-15
Installed-Size: $(du -sk "$root" | cut -f1)
Description: pledges, procedures and identities for refugee and statelessness work
 Nansen is a self-hosted platform for the people who carry out the Global Compact on
 Refugees and the work to end statelessness: pledges and consultations, the registry
 and its procedures, identity resolution across Cyrillic, Latin and MRZ spellings.
 This package runs it as the systemd service nansen.service with a daily backup timer.
CONTROL
echo /etc/nansen/nansen.toml >"$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$repo/packaging/$script" "$root/DEBIAN/$script"
done

mkdir -p "$out"
deb=$out/nansen_${version}_${arch}.deb
# NANSEN_DEB_COMPRESSION=none: the package test packs a 300 MB sanitizer build unpacked.
dpkg-deb --root-owner-group -Z"${NANSEN_DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb"
