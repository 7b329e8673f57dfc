#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and runs the libFuzzer targets of fuzz/targets.cmake (clang++, in build-fuzz).
#
#   fuzz/run.sh             make fuzz: every target FUZZ_SECONDS (default 30) seconds
#   fuzz/run.sh --long      make fuzz-long: every target to FUZZ_RUNS (default 10000000)
#                           executions, or FUZZ_SECONDS seconds when that is set
#   fuzz/run.sh --build     only configure and build (the ctest fixture fuzz.build)
#   fuzz/run.sh --no-build  run without building (the ctest fuzz.run, FUZZ_SECONDS=20)
#
# Targets run FUZZ_JOBS (default 2) at a time; FUZZ_TARGETS="csv_fuzz date_fuzz" picks
# some. Every crash, hang (FUZZ_TIMEOUT, default 10 s per input) or memory blow-up (2 GB)
# fails the run, and its input is copied to tests/data/fuzz/<target>/, where the unit test
# fuzz_replay.<target> of the ordinary build replays it from then on: commit it with the
# fix. The new corpus grows in build-fuzz/corpus/<target>; seeds stay as committed.
# Prints one table: target, executions, coverage (edges), corpus size, crashes, seconds.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$repo/build-fuzz}
mode=${1:-short}

if [[ $mode != --no-build ]]; then
  cxx=$(command -v clang++ || command -v clang++-14 || true)
  if [[ -z $cxx ]]; then
    echo "fuzz: clang++ is missing (make test-deps installs clang and libclang-rt-14-dev)" >&2
    exit 1
  fi
  generator=$(command -v ninja >/dev/null && echo "-G Ninja" || true)
  # shellcheck disable=SC2086
  CXX=$cxx cmake -S "$repo" -B "$build" $generator -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DNANSEN_TESTS=OFF -DNANSEN_FUZZ=ON >/dev/null
  cmake --build "$build" -j "${JOBS:-2}" --target fuzz_targets
fi
[[ $mode == --build ]] && exit 0

targets=${FUZZ_TARGETS:-$(sed -n '/^set(nansen_fuzz_targets/,/)/p' "$repo/fuzz/targets.cmake" |
  grep -o '[a-z_]*_fuzz\b')}
limit=(-max_total_time="${FUZZ_SECONDS:-30}")
if [[ $mode == --long ]]; then
  limit=(-runs="${FUZZ_RUNS:-10000000}")
  [[ -n ${FUZZ_SECONDS:-} ]] && limit=(-max_total_time="$FUZZ_SECONDS")
fi
logs="$build/logs"
mkdir -p "$logs"

# One target: its own corpus, the committed seeds and regression inputs, and its crashes
# in build-fuzz/artifacts/<target>/ until they are copied to tests/data/fuzz/<target>/.
run_target() {
  local t=$1 bin="$build/fuzz/$1"
  local corpus="$build/corpus/$t" artifacts="$build/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  rm -f "$artifacts"/*
  local dirs=("$corpus")
  [[ -d $repo/fuzz/seeds/$t ]] && dirs+=("$repo/fuzz/seeds/$t")
  [[ -d $repo/tests/data/fuzz/$t ]] && dirs+=("$repo/tests/data/fuzz/$t")
  local start=$SECONDS
  # -fork is not used: one process per target keeps ASan reports and stats in one log.
  "$bin" "${limit[@]}" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dirs[@]}" >"$logs/$t.log" 2>&1 || true
  echo $((SECONDS - start)) >"$logs/$t.seconds"
  local found=0
  for a in "$artifacts"/*; do
    [[ -f $a ]] || continue
    mkdir -p "$repo/tests/data/fuzz/$t"
    cp "$a" "$repo/tests/data/fuzz/$t/"
    found=$((found + 1))
  done
  echo "$found" >"$logs/$t.crashes"
}

jobs_max=${FUZZ_JOBS:-2}
for t in $targets; do
  if [[ ! -x $build/fuzz/$t ]]; then
    echo "fuzz: $build/fuzz/$t is not built" >&2
    exit 1
  fi
  while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
  run_target "$t" &
done
wait

status=0
printf '%-18s %12s %8s %8s %8s %8s\n' target runs cov corpus crashes seconds
for t in $targets; do
  log="$logs/$t.log"
  # After a crash there are no final stats: the last status line has the count.
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [[ -z $runs ]] && runs=$({ grep -o '^#[0-9]*' "$log" || true; } | tail -1 | tr -d '#')
  cov=$({ grep -o 'cov: [0-9]*' "$log" || true; } | tail -1 | cut -d' ' -f2)
  corpus=$({ grep -o 'corp: [0-9]*' "$log" || true; } | tail -1 | cut -d' ' -f2)
  crashes=$(cat "$logs/$t.crashes")
  printf '%-18s %12s %8s %8s %8s %8s\n' "$t" "${runs:-?}" "${cov:-?}" "${corpus:-?}" \
    "$crashes" "$(cat "$logs/$t.seconds")"
  if ((crashes > 0)) || ! grep -q '^Done [0-9]* runs' "$log"; then status=1; fi
done
for t in $targets; do
  if [[ $(cat "$logs/$t.crashes") != 0 ]] || ! grep -q '^Done [0-9]* runs' "$logs/$t.log"; then
    echo "== $t failed; input kept in tests/data/fuzz/$t/; log $logs/$t.log:"
    grep -E -A25 '^==[0-9]+==ERROR|runtime error|deadly signal|ALARM|out-of-memory' \
      "$logs/$t.log" | head -60
  fi
done
exit $status
