#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make fuzz: builds every libFuzzer target with clang++ in build-fuzz and runs each for a
# bounded time. FUZZ_SECONDS (default 30) per target; crashes land in build-fuzz/crashes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$repo/build-fuzz}
seconds=${FUZZ_SECONDS:-30}
cxx=$(command -v clang++ || command -v clang++-14)
CXX=$cxx cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNANSEN_TESTS=OFF -DNANSEN_FUZZ=ON >/dev/null
targets=()
for src in "$repo"/fuzz/*_fuzz.cpp; do targets+=("$(basename "${src%.cpp}")"); done
mkdir -p "$build/crashes"
status=0
for t in "${targets[@]}"; do
  # One target failing to build (say, a module that clang rejects) must not hide the rest.
  if ! cmake --build "$build" -j "${JOBS:-2}" --target "$t"; then
    echo "== $t: BUILD FAILED"
    status=1
    continue
  fi
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  seeds="$repo/fuzz/seeds/$t"
  echo "== $t (${seconds}s)"
  if ! "$build/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=16384 \
      -artifact_prefix="$build/crashes/$t-" "$corpus" $( [[ -d $seeds ]] && echo "$seeds" ); then
    status=1
  fi
done
exit $status
