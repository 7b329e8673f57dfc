#!/usr/bin/env bash
# Installs the pinned npm packages (playwright-core for browser tests, htmx for the
# static assets) from package-lock.json, and copies htmx into share/static.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
