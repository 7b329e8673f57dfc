#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages Nansen builds, tests and demos with.
# Idempotent: only missing packages are installed, so `make demo` on a
# prepared machine does not touch apt at all.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev nlohmann-json3-dev libexpected-dev libkainjow-mustache-dev
  libsqlite3-dev sqlite3 libpq-dev libsodium-dev libicu-dev libtomlplusplus-dev
  libcli11-dev libspdlog-dev libfmt-dev libxlsxwriter-dev libzip-dev libexpat1-dev
)
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev postgresql-15 chromium nodejs npm
  clang libclang-rt-14-dev curl
  nginx openssl  # tests/deploy/nginx_test.sh: nginx -t on the README's configuration
  wrk            # make bench: the server driven through HTTP
)

wanted=("${build_packages[@]}")
if [ "${1:-}" = "--test" ]; then wanted+=("${test_packages[@]}"); fi

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs may be replaced by a newer node already on the machine.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
