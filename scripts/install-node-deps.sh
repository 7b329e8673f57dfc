#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the pinned npm packages from package-lock.json: playwright-core drives Debian's
# Chromium in the browser tests; htmx is the one front-end library. The copy of htmx that
# the server embeds is committed (share/static/vendor/), so building needs no npm; this
# script refreshes it and fails if the committed copy differs from the locked version.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/htmx.org ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
src=node_modules/htmx.org/dist/htmx.min.js
dst=share/static/vendor/htmx.min.js
if [ -f "$dst" ] && ! cmp -s "$src" "$dst"; then
  echo "share/static/vendor/htmx.min.js differs from the locked htmx.org; copy it and commit" >&2
  exit 1
fi
mkdir -p "$(dirname "$dst")"
cp "$src" "$dst"
